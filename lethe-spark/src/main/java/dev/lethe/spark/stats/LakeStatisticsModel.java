package dev.lethe.spark.stats;

import dev.lethe.data.Schema;
import dev.lethe.model.ForgetException;
import dev.lethe.model.ForgetHistory;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.Guarantee;
import dev.lethe.model.InvalidInputException;
import dev.lethe.model.Provenance;
import dev.lethe.model.StateCodec;
import dev.lethe.model.StateDigest;
import dev.lethe.math.Vectors;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Row;

/**
 * A registry model kept as the additive {@link SufficientStatistics} of a lake dataset (families
 * {@code lake-nb}: Gaussian naive Bayes, {@code lake-ridge}: ridge regression), trained by one
 * {@code treeAggregate} over the table and forgetting records or a subject by subtracting their
 * rows' terms, which a {@link LakeRowSource} finds without a pass over the table (Cao and Yang,
 * "Towards Making Systems Forget with Machine Unlearning", IEEE S&amp;P 2015). The result equals the
 * statistics of the remaining rows, so the guarantee is exact. It holds no row: only the
 * statistics, the table's name and the IDs it forgot (so a repeated forget subtracts nothing).
 */
public final class LakeStatisticsModel extends LakeTableModel<LakeStatisticsModel> {

    private final String family;
    private final double setting;
    private final SufficientStatistics<?> statistics;
    private final TreeSet<Long> forgotten;

    LakeStatisticsModel(String family, Schema schema, Provenance provenance, String table, double setting,
                        SufficientStatistics<?> statistics, Set<Long> forgotten) {
        super(schema, provenance, table);
        this.family = family;
        this.setting = setting;
        this.statistics = statistics;
        this.forgotten = new TreeSet<>(forgotten);
    }

    public long rows() {
        return statistics.rows();
    }

    @Override
    public String family() {
        return family;
    }

    @Override
    public ForgetHistory history() {
        return new ForgetHistory(forgotten, Set.of(), Map.of());
    }

    private List<String> features() {
        return schema().features().stream().map(a -> a.name()).toList();
    }

    @Override
    public double predict(double[] row) {
        if (statistics instanceof NaiveBayesStatistics) {
            return Vectors.argmax(probabilities(row));
        }
        double[] beta = ((RidgeStatistics) statistics).coefficients(setting);
        double y = beta[0];
        for (int j = 0; j < row.length; j++) {
            y += beta[j + 1] * row[j];
        }
        return y;
    }

    @Override
    public double[] probabilities(double[] row) {
        if (!(statistics instanceof NaiveBayesStatistics nb)) {
            return super.probabilities(row);
        }
        return nb.probabilities(row, setting);
    }

    @Override
    public Map<String, double[]> parameters() {
        return statistics instanceof RidgeStatistics r ? Map.of("coefficients", r.coefficients(setting)) : Map.of();
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public ForgetReceipt forget(ForgetRequest request) {
        LakeRowSource rows = rowsFor(request);
        long start = System.nanoTime();
        String before = stateDigest();
        int d = schema().numFeatures();
        SufficientStatistics removed = LakeStatisticsLearner.empty(statistics, d);
        List<Long> ids = new ArrayList<>();
        for (Row r : rows.rows(features(), schema().target().name(), request)) {
            long id = r.getLong(d + 1);
            if (!forgotten.contains(id) && !ids.contains(id)) {
                removed.addRow(r, d);
                ids.add(id);
            }
        }
        if (!ids.isEmpty() && removed.rows() >= statistics.rows()) {
            throw new ForgetException(request.kind() + " request would remove all " + statistics.rows()
                    + " remaining rows of the lake model; delete the model instead");
        }
        ((SufficientStatistics) statistics).subtract(removed);
        forgotten.addAll(ids);
        return new ForgetReceipt(family, request.kind(), request.summary(), ids.stream().mapToLong(Long::longValue).toArray(),
                Guarantee.EXACT, Duration.ofNanos(System.nanoTime() - start), before, stateDigest(), Instant.now(),
                Map.of("rows_subtracted", Integer.toString(ids.size()), "rows_left", Long.toString(statistics.rows()),
                        "lake_table_rows_read", Integer.toString(ids.size())));
    }

    @Override
    public String stateDigest() {
        StateDigest d = new StateDigest();
        d.add(family);
        d.add(statistics.numbers());
        d.add(forgotten.stream().mapToLong(Long::longValue).toArray());
        return d.hex();
    }

    @Override
    public void writeState(DataOutputStream out) throws IOException {
        writeTable(out);
        out.writeDouble(setting);
        StateCodec.writeDoubles(out, statistics.numbers());
        StateCodec.writeLongs(out, forgotten.stream().mapToLong(Long::longValue).toArray());
    }

    static LakeStatisticsModel read(String family, DataInputStream in) throws IOException {
        Header h = Header.read(in);
        Schema schema = h.schema();
        double setting = in.readDouble();
        double[] numbers = StateCodec.readDoubles(in);
        long[] forgotten = StateCodec.readLongs(in);
        int d = schema.numFeatures();
        SufficientStatistics<?> stats = schema.isClassification()
                ? NaiveBayesStatistics.fromNumbers(schema.target().levels(), d, numbers)
                : RidgeStatistics.fromNumbers(d, numbers);
        Set<Long> ids = new TreeSet<>();
        for (long id : forgotten) {
            ids.add(id);
        }
        if (!LakeStatisticsFamily.NB.equals(family) && !LakeStatisticsFamily.RIDGE.equals(family)) {
            throw new InvalidInputException("lake model file: unknown family " + family);
        }
        return new LakeStatisticsModel(family, schema, h.provenance(), h.table(), setting, stats, ids);
    }
}
