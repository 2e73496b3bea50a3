package dev.lethe.awareness.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fixture corpus (Python scripts, an exported notebook, Spark jobs in both languages, Tribuo, DJL, Lethe) and bad input. */
class CodeScannerTest {

    static CodeScanReport report;

    static Path corpus() throws Exception {
        return Path.of(CodeScannerTest.class.getResource("corpus").toURI());
    }

    @BeforeAll
    static void scan() throws Exception {
        report = new CodeScanner(KnownData.NONE).scan(corpus());
    }

    private static TrainingSite site(String file) {
        return report.sites().stream().filter(s -> s.file().endsWith(file)).findFirst()
                .orElseThrow(() -> new AssertionError("no site in " + file + ": " + report.sites()));
    }

    private static List<String> fieldNames(TrainingSite s) {
        return s.fields().stream().map(TrainingSite.Field::name).toList();
    }

    @Test
    void everyTrainingSiteIsFoundWithItsFrameworkAndLine() {
        assertThat(report.sites()).extracting(s -> Path.of(s.file()).getFileName().toString(), TrainingSite::line, TrainingSite::framework)
                .containsExactlyInAnyOrder(
                        tuple("bert_finetune.py", 12, "Hugging Face"),
                        tuple("spark_churn.py", 11, "Spark MLlib"),
                        tuple("keras_model.py", 14, "TensorFlow/Keras"),
                        tuple("churn_model.py", 42, "scikit-learn"),
                        tuple("torch_loop.py", 17, "PyTorch"),
                        tuple("train_xgb.py", 15, "XGBoost"),
                        tuple("DjlTraining.java", 15, "DJL"),
                        tuple("LetheTraining.java", 14, "Lethe"),
                        tuple("SparkChurnJob.java", 24, "Spark MLlib"),
                        tuple("TribuoTrainer.java", 19, "Tribuo"),
                        tuple("boosting.py", 10, "LightGBM"),
                        tuple("boosting.py", 11, "CatBoost"),
                        tuple("SmileForest.java", 14, "Smile"),
                        tuple("nightly.sh", 4, "Lethe"));
    }

    @Test
    void filesThatTrainNothingHaveNoFinding() {
        assertThat(report.sites()).noneMatch(s -> s.file().endsWith("cleaning.py") || s.file().endsWith("PriceFormatter.java"));
        assertThat(report.sites()).filteredOn(s -> s.file().endsWith("churn_model.py")).hasSize(1)
                .as("the scaler's fit prepares data and is not a training site");
    }

    @Test
    void fieldsFollowSelectionsDropsAndAssemblersWithTheirTypes() {
        TrainingSite xgb = site("train_xgb.py");
        assertThat(fieldNames(xgb)).containsExactly("age", "income", "postcode", "defaulted");
        assertThat(xgb.fields().get(2).types()).containsExactly("postcode");

        TrainingSite spark = site("spark_churn.py");
        assertThat(fieldNames(spark)).containsExactly("age", "sessions", "weekly", "ip_address");
        assertThat(spark.sources()).containsExactly("hdfs:///warehouse/events");
        assertThat(spark.fields().get(3).types()).containsExactly("ip-address");

        TrainingSite javaSpark = site("SparkChurnJob.java");
        assertThat(fieldNames(javaSpark)).containsExactly("phone", "total", "age");
        assertThat(javaSpark.dropped()).containsExactly("customer_email");
        assertThat(javaSpark.sources()).containsExactly("jdbc: orders");

        TrainingSite notebook = site("churn_model.py");
        assertThat(notebook.allColumns()).isTrue();
        assertThat(notebook.dropped()).containsExactly("customer_id", "churned", "notes");
        assertThat(notebook.sources()).containsExactly("data/customers.csv");

        TrainingSite keras = site("keras_model.py");
        assertThat(fieldNames(keras)).containsExactly("age", "weight", "religion");
        assertThat(keras.sources()).containsExactly("sql: visits");
        assertThat(keras.fields().get(2).types()).containsExactly("religion");

        TrainingSite bert = site("bert_finetune.py");
        assertThat(fieldNames(bert)).containsExactly("message", "customer_email", "label");
        assertThat(bert.fields().get(1).types()).containsExactly("email");

        assertThat(report.sites()).filteredOn(s -> s.file().endsWith("boosting.py")).allSatisfy(s -> {
            assertThat(fieldNames(s)).containsExactly("amount", "date_of_birth", "iban", "default");
            assertThat(s.fields().get(2).types()).containsExactly("iban");
        });
        TrainingSite smile = site("SmileForest.java");
        assertThat(fieldNames(smile)).containsExactly("amount", "nhs_number", "label");
        assertThat(smile.sources()).containsExactly("data/claims.csv");
        assertThat(smile.fields().get(1).types()).containsExactly("uk-nhs-number");

        TrainingSite torch = site("torch_loop.py");
        assertThat(fieldNames(torch)).contains("blood_pressure", "diagnosis_code");
        assertThat(site("TribuoTrainer.java").sources()).containsExactly("data/transactions.csv");
    }

    @Test
    void onlyLethesOwnTrainingIsRegisteredWithoutAHomeAndAKnownSourceIsRegisteredWithOne() throws Exception {
        assertThat(report.sites()).filteredOn(TrainingSite::registered).extracting(TrainingSite::framework).containsExactly("Lethe", "Lethe");
        KnownData home = source -> source.endsWith("customers.csv")
                ? Optional.of(new KnownData.Known("customers", Map.of("email", List.of("email"), "age", List.of()), true))
                : Optional.empty();
        TrainingSite notebook = new CodeScanner(home).scan(corpus()).sites().stream()
                .filter(s -> s.file().endsWith("churn_model.py")).findFirst().orElseThrow();
        assertThat(notebook.registered()).isTrue();
        assertThat(notebook.fields()).extracting(TrainingSite.Field::name).containsExactlyInAnyOrder("email", "age");
        assertThat(notebook.fields()).filteredOn(f -> f.name().equals("email")).first()
                .satisfies(f -> assertThat(f.evidence()).isEqualTo("registry: dataset customers"));
    }

    @Test
    void badInputIsSkippedWithAWarningAndCounted(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("good.py"), "import pandas as pd\nfrom sklearn.svm import SVC\n"
                + "df = pd.read_csv('x.csv')\nSVC().fit(df[['email']], df['y'])\n");
        Files.writeString(dir.resolve("broken.py"), "import sklearn\ndef f(:\n");
        Files.writeString(dir.resolve("Broken.java"), "import org.tribuo.Trainer; class X { void f() { int = ; } }");
        Files.write(dir.resolve("binary.py"), new byte[] {'i', 'm', 0, 1, 2, 3});
        Files.write(dir.resolve("latin1.py"), "# caf\u00e9\nimport sklearn\n".getBytes(StandardCharsets.ISO_8859_1));
        Files.writeString(dir.resolve("huge.py"), "x = 1\n".repeat((int) (CodeScanner.MAX_FILE_BYTES / 6) + 10));
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Files.createSymbolicLink(sub.resolve("loop"), dir);
        Files.createSymbolicLink(dir.resolve("gone.py"), dir.resolve("nowhere.py"));
        CodeScanReport r = new CodeScanner(KnownData.NONE).scan(dir);
        assertThat(r.sites()).hasSize(1);
        assertThat(r.sites().get(0).fields()).extracting(TrainingSite.Field::name).containsExactly("email", "y");
        assertThat(r.skipped()).containsEntry("syntax error", 2).containsEntry("binary", 1).containsEntry("not UTF-8", 1)
                .containsEntry("too large", 1).containsEntry("symlink loop", 1).containsEntry("unreadable", 1);
        assertThat(r.filesScanned()).isEqualTo(1);
        assertThat(r.warnings()).anyMatch(w -> w.startsWith("broken.py: skipped, syntax error at line 2"))
                .anyMatch(w -> w.startsWith("huge.py: skipped, too large"));
    }

    @Test
    void sarifHasOneResultPerSiteAtItsFileAndLine() {
        Map<String, Object> sarif = CodeScanText.sarif(report);
        assertThat(sarif.get("version")).isEqualTo("2.1.0");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> runs = (List<Map<String, Object>>) sarif.get("runs");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> results = (List<Map<String, Object>>) runs.get(0).get("results");
        assertThat(results).hasSize(report.sites().size());
        assertThat(results).filteredOn(res -> res.get("ruleId").equals("LETHE001")).hasSize(report.gaps().size());
        assertThat(CodeScanText.table(report)).contains("SparkChurnJob.java:24  Spark MLlib lr.fit  GAP")
                .contains("phone [phone], total, age");
    }
}
