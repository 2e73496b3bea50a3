package dev.lethe.spark.lake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/** Small CSV tables with subjects, written into a test's temporary directory. */
public final class LakeFixtures {

    private LakeFixtures() {
    }

    /** {@code rows} rows of subject, age, income, label; subject {@code s<i % subjects>}, values unique per row. */
    public static Path csv(Path dir, int rows, int subjects) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("subject,age,income,label");
        for (int i = 0; i < rows; i++) {
            lines.add("s" + (i % subjects) + "," + (20 + i % 50) + "." + i + "," + (1000 + 7 * i) + ".25," + (i % 3 == 0 ? "yes" : "no"));
        }
        Path f = dir.resolve("people.csv");
        Files.write(f, lines);
        return f;
    }

    /** Which of {@code values} any file under the table holds: Parquet files (data and checkpoints) as rows, others as text. */
    public static List<String> valuesFound(SparkSession spark, String table, List<String> values) throws IOException {
        List<Path> all;
        try (Stream<Path> files = Files.walk(Path.of(table))) {
            all = files.filter(Files::isRegularFile).toList();
        }
        StringBuilder text = new StringBuilder();
        for (Path f : all) {
            if (!f.toString().endsWith(".parquet")) {
                text.append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).append('\n');
            }
        }
        // Parquet compresses and encodes values: read data files and log checkpoints as rows, each kind in one job
        for (boolean inLog : new boolean[] {false, true}) {
            String[] parquet = all.stream().filter(f -> f.toString().endsWith(".parquet"))
                    .filter(f -> f.toString().contains("_delta_log") == inLog).map(Path::toString).toArray(String[]::new);
            if (parquet.length > 0) {
                text.append(spark.read().parquet(parquet).collectAsList());
            }
        }
        return values.stream().filter(v -> text.indexOf(v) >= 0).toList();
    }
}
