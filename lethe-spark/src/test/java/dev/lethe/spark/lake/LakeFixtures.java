package dev.lethe.spark.lake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Small CSV tables with subjects, written into a test's temporary directory. */
final class LakeFixtures {

    private LakeFixtures() {
    }

    /** {@code rows} rows of subject, age, income, label; subject {@code s<i % subjects>}, values unique per row. */
    static Path csv(Path dir, int rows, int subjects) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("subject,age,income,label");
        for (int i = 0; i < rows; i++) {
            lines.add("s" + (i % subjects) + "," + (20 + i % 50) + "." + i + "," + (1000 + 7 * i) + ".25," + (i % 3 == 0 ? "yes" : "no"));
        }
        Path f = dir.resolve("people.csv");
        Files.write(f, lines);
        return f;
    }
}
