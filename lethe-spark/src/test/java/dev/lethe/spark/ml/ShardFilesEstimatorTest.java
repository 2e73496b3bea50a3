package dev.lethe.spark.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.model.ForgetRequest;
import dev.lethe.model.ModelFileException;
import dev.lethe.model.OptionsException;
import dev.lethe.models.sisa.ShardFile;
import dev.lethe.models.sisa.SisaModel;
import dev.lethe.spark.TestSpark;
import dev.lethe.testing.ByteSearch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link LetheEstimator}'s {@code shardsAt}: a sisa model's shards as files, and {@link LetheModel#forget} on them. */
class ShardFilesEstimatorTest {

    private static final String SUBJECT = "subject-0007";
    private static final String SETTINGS = "base=nb,shards=4,placement=subject,runner=spark";

    private final SparkSession spark = TestSpark.session();

    @TempDir
    Path dir;

    private Dataset<Row> frame() {
        List<Row> rows = new ArrayList<>();
        java.util.Random r = new java.util.Random(9);
        for (int i = 0; i < 96; i++) {
            double a = r.nextGaussian();
            double b = r.nextGaussian();
            rows.add(RowFactory.create((long) (500 + i), String.format("subject-%04d", i % 24), a, b, a - b > 0 ? "yes" : "no"));
        }
        StructType schema = new StructType().add("lethe_record_id", DataTypes.LongType).add("subject", DataTypes.StringType)
                .add("a", DataTypes.DoubleType).add("b", DataTypes.DoubleType).add("label", DataTypes.StringType);
        return spark.createDataFrame(rows, schema);
    }

    private Set<String> files(Path shards) throws IOException {
        try (Stream<Path> s = Files.list(shards)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".lethe")).map(Path::toString)
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private boolean anyHolds(Set<String> files, String text) throws IOException {
        for (String f : files) {
            if (ByteSearch.indexOf(Files.readAllBytes(Path.of(f)), text.getBytes(StandardCharsets.UTF_8)) >= 0) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aForgetWritesOnlyTheRetrainedShardsFileAndDeletesTheFileThatHeldTheSubject() throws IOException {
        Path shards = dir.resolve("shards");
        Dataset<Row> data = frame();
        LetheEstimator estimator = new LetheEstimator().setFamily("sisa").setSettings(SETTINGS).setSeed(5)
                .setShardsAt(shards.toUri().toString());
        LetheModel model = estimator.fit(data);
        Set<String> trained = files(shards);
        assertThat(trained).hasSize(4);
        assertThat(anyHolds(trained, SUBJECT)).as("a shard file holds the subject's rows").isTrue();

        String saved = dir.resolve("model").toString();
        model.write().save(saved);
        assertThat(LetheModel.load(saved).lethe().stateDigest()).isEqualTo(model.lethe().stateDigest());

        model.forget(new ForgetRequest.Subject(SUBJECT));
        Set<String> after = files(shards);
        assertThat(after).hasSize(4);
        Set<String> fresh = new TreeSet<>(after);
        fresh.removeAll(trained);
        assertThat(fresh).hasSize(1);
        assertThat(anyHolds(after, SUBJECT)).as("no file holds the forgotten subject").isFalse();
        assertThat(((SisaModel) model.lethe()).shardFiles()).extracting(ShardFile::path).hasSize(4);
        // the copy saved before the forget referred to the file that held the subject
        assertThatThrownBy(() -> LetheModel.load(saved)).isInstanceOf(ModelFileException.class).hasMessageContaining("missing");

        LetheModel retrained = new LetheEstimator().setFamily("sisa").setSettings("base=nb,shards=4,placement=subject").setSeed(5)
                .fit(data.where("subject <> '" + SUBJECT + "'"));
        List<Row> forgot = model.transform(data).select("probability").collectAsList();
        List<Row> expected = retrained.transform(data).select("probability").collectAsList();
        for (int i = 0; i < forgot.size(); i++) {
            assertThat(((Vector) forgot.get(i).get(0)).toArray()).containsExactly(((Vector) expected.get(i).get(0)).toArray());
        }
    }

    @Test
    void shardsAtIsForSisaAndMustBeWritable() throws IOException {
        assertThatThrownBy(() -> new LetheEstimator().setFamily("nb").setShardsAt(dir.toUri().toString()).fit(frame()))
                .isInstanceOf(OptionsException.class).hasMessageContaining("sisa");
        Path file = Files.writeString(dir.resolve("f"), "x");
        assertThatThrownBy(() -> new LetheEstimator().setFamily("sisa").setSettings(SETTINGS)
                .setShardsAt(file.toUri() + "/below").fit(frame()))
                .isInstanceOf(OptionsException.class).hasMessageContaining("param 'shardsAt'").hasMessageContaining("below");
    }
}
