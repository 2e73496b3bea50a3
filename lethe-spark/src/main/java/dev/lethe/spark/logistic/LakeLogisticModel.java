package dev.lethe.spark.logistic;

import dev.lethe.data.Schema;
import dev.lethe.model.ForgetHistory;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.Provenance;
import dev.lethe.model.StateDigest;
import dev.lethe.spark.stats.LakeRowSource;
import dev.lethe.spark.stats.LakeTableModel;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A registry model of family {@value LakeLogisticFamily#NAME}: a {@link DecrementalLogistic} of a lake
 * table with the registry's schema and provenance. It holds no row; a forget reads the forgotten rows
 * through a bound {@link LakeRowSource} (the pushed-down bucket predicate) and takes the Newton removal
 * step of Guo et al. (ICML 2020). Training adds no perturbation, so receipts say {@code APPROXIMATE}.
 */
public final class LakeLogisticModel extends LakeTableModel<LakeLogisticModel> {

    private final DecrementalLogistic logistic;

    LakeLogisticModel(Schema schema, Provenance provenance, String table, DecrementalLogistic logistic) {
        super(schema, provenance, table);
        this.logistic = logistic;
    }

    /** The decremental state (weights, kept Hessian), e.g. to compare with another. */
    public DecrementalLogistic logistic() {
        return logistic;
    }

    @Override
    public String family() {
        return LakeLogisticFamily.NAME;
    }

    @Override
    public ForgetHistory history() {
        return new ForgetHistory(Set.copyOf(logistic.forgotten()), Set.of(), Map.of());
    }

    @Override
    public double predict(double[] row) {
        return logistic.probability(row) >= 0.5 ? 1 : 0;
    }

    @Override
    public double[] probabilities(double[] row) {
        double p = logistic.probability(row);
        return new double[] {1 - p, p};
    }

    @Override
    public Map<String, double[]> parameters() {
        return Map.of("coefficients", logistic.coefficients());
    }

    @Override
    public ForgetReceipt forget(ForgetRequest request) {
        LakeRowSource rows = rowsFor(request);
        String before = stateDigest();
        ForgetReceipt r = logistic.forget(rows, request);
        Map<String, String> details = new LinkedHashMap<>(r.details());
        details.put("method", "Newton removal step on the remaining rows' kept Hessian (Guo et al., ICML 2020); "
                + "no training perturbation, so approximate");
        return new ForgetReceipt(family(), r.requestKind(), r.request(), r.records(), r.guarantee(), r.elapsed(), before,
                stateDigest(), r.at(), details);
    }

    @Override
    public String stateDigest() {
        StateDigest d = new StateDigest();
        d.add(family());
        d.add(logistic.stateDigest());
        d.add(logistic.forgotten().stream().mapToLong(Long::longValue).sorted().toArray());
        return d.hex();
    }

    @Override
    public void writeState(DataOutputStream out) throws IOException {
        writeTable(out);
        logistic.write(out);
    }

    static LakeLogisticModel read(DataInputStream in) throws IOException {
        Header h = Header.read(in);
        return new LakeLogisticModel(h.schema(), h.provenance(), h.table(), DecrementalLogistic.read(in));
    }
}
