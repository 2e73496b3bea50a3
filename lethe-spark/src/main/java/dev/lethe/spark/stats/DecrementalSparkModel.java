package dev.lethe.spark.stats;

import static org.apache.spark.sql.functions.col;

import dev.lethe.model.Digests;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.Guarantee;
import dev.lethe.model.InvalidInputException;
import dev.lethe.model.LetheException;
import dev.lethe.spark.lake.LakeDataset;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Naive Bayes or ridge regression on a lake dataset, trained by one distributed aggregation of
 * their {@link SufficientStatistics} ({@code treeAggregate}, one pass, partial sums merged in a
 * tree) and forgetting a subject by subtracting the terms of that subject's rows, which a filter
 * on the subject column finds (pushed down into the Delta table's Parquet scan) without a pass
 * over the other rows. Forget before the lake erasure deletes the rows. Not thread-safe.
 */
public final class DecrementalSparkModel {

    private final LakeDataset table;
    private final String family;
    private final String[] features;
    private final String label;
    private final double setting;
    private final SufficientStatistics<?> statistics;
    private final Set<Long> forgotten = new HashSet<>();

    private DecrementalSparkModel(LakeDataset table, String family, String[] features, String label, double setting,
                                  SufficientStatistics<?> statistics) {
        this.table = table;
        this.family = family;
        this.features = features;
        this.label = label;
        this.setting = setting;
        this.statistics = statistics;
    }

    /**
     * @param family  {@code nb} (setting: varSmoothing, e.g. 1e-9) or {@code ridge} (setting: λ)
     * @param features numeric feature columns
     */
    public static DecrementalSparkModel fit(SparkSession spark, LakeDataset table, String family, List<String> features,
                                            String label, double setting) {
        org.apache.spark.sql.Dataset<Row> rows = spark.read().format("delta").load(table.table()).select(columns(features, label));
        SufficientStatistics<?> zero = switch (family) {
            case "nb" -> new NaiveBayesStatistics(rows.select(label).distinct().collectAsList().stream()
                    .map(r -> String.valueOf(r.get(0))).sorted().toList(), features.size());
            case "ridge" -> new RidgeStatistics(features.size());
            default -> throw new InvalidInputException("decremental family on Spark: expected nb or ridge, got "
                    + LetheException.quote(family));
        };
        SufficientStatistics<?> stats = aggregate(rows, zero, features.size());
        return new DecrementalSparkModel(table, family, features.toArray(String[]::new), label, setting, stats);
    }

    /**
     * One pass: each partition adds its rows into its own copy of {@code zero} (no allocation per row), and the
     * driver merges the partials. Depth 1, since partials are a few hundred numbers: a deeper tree would add a
     * shuffle stage, a serial step that costs more than merging a few dozen partials on the driver.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static SufficientStatistics<?> aggregate(org.apache.spark.sql.Dataset<Row> rows, SufficientStatistics zero, int d) {
        // the scan's internal rows, not javaRDD()'s Row objects: boxing every value of 10 M rows cost about a fifth
        // of a fit's CPU time on 2 slots (lethe-bench/results/spark.md, sparkscale)
        org.apache.spark.sql.types.DataType labelType = rows.schema().fields()[d].dataType();
        return (SufficientStatistics<?>) rows.queryExecution().toRdd().toJavaRDD().treeAggregate(zero,
                (s, r) -> ((SufficientStatistics) s).addInternal(r, d, labelType),
                (a, b) -> ((SufficientStatistics) a).merge((SufficientStatistics) b), 1);
    }

    static Column[] columns(List<String> features, String label) {
        List<Column> c = new ArrayList<>();
        features.forEach(f -> c.add(col(f).cast("double")));
        c.add(col(label));
        return c.toArray(Column[]::new);
    }

    /** Forgets every row of one subject still in the table and not forgotten before. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public ForgetReceipt forgetSubject(SparkSession spark, String subject) {
        long start = System.nanoTime();
        String before = stateDigest();
        List<Column> cols = new ArrayList<>(Arrays.asList(columns(List.of(features), label)));
        cols.add(col(table.idColumn()).cast("long"));
        List<Row> rows = spark.read().format("delta").load(table.table())
                .where(col(table.subjectColumn()).equalTo(subject)).select(cols.toArray(Column[]::new)).collectAsList();
        SufficientStatistics removed = empty();
        List<Long> ids = new ArrayList<>();
        for (Row r : rows) {
            long id = r.getLong(features.length + 1);
            if (!forgotten.contains(id)) {
                removed.addRow(r, features.length);
                ids.add(id);
            }
        }
        ((SufficientStatistics) statistics).subtract(removed);
        forgotten.addAll(ids);
        ForgetRequest request = new ForgetRequest.Subject(subject);
        return new ForgetReceipt("spark-" + family, request.kind(), request.summary(), ids.stream().mapToLong(Long::longValue).toArray(),
                Guarantee.EXACT, Duration.ofNanos(System.nanoTime() - start), before, stateDigest(), Instant.now(),
                Map.of("rows_subtracted", Integer.toString(ids.size()), "rows_left", Long.toString(statistics.rows())));
    }

    private SufficientStatistics<?> empty() {
        return statistics instanceof NaiveBayesStatistics nb ? new NaiveBayesStatistics(nb.classes(), features.length)
                : new RidgeStatistics(features.length);
    }

    /** Class probabilities (nb) of a row of the feature columns. */
    public double[] probabilities(double[] x) {
        if (!(statistics instanceof NaiveBayesStatistics nb)) {
            throw new InvalidInputException("a ridge regressor has no class probabilities");
        }
        return nb.probabilities(x, setting);
    }

    /** Ridge coefficients: intercept first. */
    public double[] coefficients() {
        if (!(statistics instanceof RidgeStatistics ridge)) {
            throw new InvalidInputException("naive Bayes has no coefficients");
        }
        return ridge.coefficients(setting);
    }

    public long rows() {
        return statistics.rows();
    }

    /** SHA-256 over the statistics. */
    public String stateDigest() {
        MessageDigest sha = Digests.sha256();
        for (double v : statistics.numbers()) {
            sha.update(ByteBuffer.allocate(8).putDouble(v).array());
        }
        return Digests.hex(sha.digest());
    }
}
