package dev.lethe.awareness.bench;

import dev.lethe.awareness.code.CodeScanReport;
import dev.lethe.awareness.code.CodeScanner;
import dev.lethe.awareness.code.KnownData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Benchmark of {@code lethe scan} (issue 14: at most 30 s for 10,000 source files): writes a
 * project of that many Python and Java files (a fifth of them training models, the rest ordinary
 * code), scans it and prints the time. Not a test.
 *
 * <p>Run: {@code java -cp … dev.lethe.awareness.bench.CodeScanBenchmark DIR [files]}.
 */
public final class CodeScanBenchmark {

    private CodeScanBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]);
        int files = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        for (int i = 0; i < files; i++) {
            Path dir = Files.createDirectories(root.resolve("pkg" + i / 100));
            if (i % 2 == 0) {
                Files.writeString(dir.resolve("module" + i + ".py"), python(i));
            } else {
                Files.writeString(dir.resolve("Service" + i + ".java"), java(i));
            }
        }
        CodeScanner scanner = new CodeScanner(KnownData.NONE);
        long c0 = TableScanBenchmark.processCpuNanos();
        long t0 = System.nanoTime();
        CodeScanReport r = scanner.scan(root);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpu = (TableScanBenchmark.processCpuNanos() - c0) / 1e9;
        System.out.printf(Locale.ROOT, "code scan: %d files scanned, %d training sites, skipped %s; %.2f s wall, %.2f s CPU, %d processors%n",
                r.filesScanned(), r.sites().size(), r.skipped(), seconds, cpu, Runtime.getRuntime().availableProcessors());
    }

    private static String python(int i) {
        StringBuilder b = new StringBuilder("import pandas as pd\n");
        boolean trains = i % 10 == 0;
        if (trains) {
            b.append("from sklearn.ensemble import GradientBoostingClassifier\n");
        }
        for (int f = 0; f < 8; f++) {
            b.append("\n\ndef helper_").append(f).append("(df, threshold=").append(f).append("):\n")
                    .append("    \"\"\"Cleans part ").append(f).append(".\"\"\"\n")
                    .append("    out = df[df['value'] > threshold]\n    out = out.dropna()\n")
                    .append("    return out[['id', 'value', 'email', 'age']]\n");
        }
        if (trains) {
            b.append("\n\ndef train():\n    df = pd.read_csv('data/table").append(i).append(".csv')\n")
                    .append("    X = df[['age', 'income', 'email']]\n    model = GradientBoostingClassifier()\n")
                    .append("    model.fit(X, df['label'])\n    return model\n");
        }
        return b.toString();
    }

    private static String java(int i) {
        StringBuilder b = new StringBuilder("package pkg").append(i / 100).append(";\n\n");
        boolean trains = i % 10 == 1;
        if (trains) {
            b.append("import org.apache.spark.ml.classification.LogisticRegression;\nimport org.apache.spark.sql.Dataset;\n")
                    .append("import org.apache.spark.sql.Row;\nimport org.apache.spark.sql.SparkSession;\n\n");
        }
        b.append("public final class Service").append(i).append(" {\n");
        for (int m = 0; m < 8; m++) {
            b.append("    public int compute").append(m).append("(int[] values) {\n        int sum = 0;\n")
                    .append("        for (int v : values) {\n            sum += v * ").append(m + 1).append(";\n        }\n")
                    .append("        return sum;\n    }\n\n");
        }
        if (trains) {
            b.append("    public void train(SparkSession spark) {\n")
                    .append("        Dataset<Row> df = spark.read().parquet(\"warehouse/t").append(i).append("\");\n")
                    .append("        Dataset<Row> x = df.select(\"features\", \"label\", \"phone\");\n")
                    .append("        new LogisticRegression().fit(x);\n    }\n");
        }
        return b.append("}\n").toString();
    }
}
