package dev.lethe.engine.tally;

import dev.lethe.model.AbstractUnlearnableModel;
import dev.lethe.model.ForgetPlan;
import dev.lethe.model.Provenance;
import dev.lethe.model.StateDigest;
import dev.lethe.model.TrainingRecords;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;

/** Class counts (classification) or target sum (regression) of the remaining records. */
public final class TallyModel extends AbstractUnlearnableModel {

    private final double[] counts;
    private double sum;
    private final int budget;
    private final int maxRequest;
    private int forgotten;

    TallyModel(Provenance provenance, TrainingRecords records, int budget, int maxRequest, int forgotten) {
        super(provenance, records);
        this.budget = budget;
        this.maxRequest = maxRequest;
        this.forgotten = forgotten;
        this.counts = new double[Math.max(1, records.schema().numClasses())];
        for (int row : records.remainingRows()) {
            add(row, 1);
        }
    }

    private void add(int row, int sign) {
        if (schema().isClassification()) {
            counts[records.label(row)] += sign;
        } else {
            sum += sign * records.target(row);
            counts[0] += sign;
        }
    }

    /** While set, every tally's forget answers that its backend is away (a temporary failure, {@code UNAVAILABLE}). */
    public static final java.util.concurrent.atomic.AtomicBoolean AWAY = new java.util.concurrent.atomic.AtomicBoolean();

    @Override
    protected void check(ForgetPlan plan) {
        if (AWAY.get()) {
            throw new dev.lethe.model.UnavailableException("tally's backend is away for now");
        }
        if (maxRequest > 0 && plan.rows().length > maxRequest) {
            throw new dev.lethe.model.ForgetException("tally forgets at most " + maxRequest + " records at once, got "
                    + plan.rows().length);
        }
    }

    @Override
    protected Applied apply(ForgetPlan plan) {
        if (!plan.removesRows()) {
            return Applied.exact(); // features do not enter a tally; relabels are not used by the engine tests
        }
        for (int row : plan.rows()) {
            add(row, -1);
        }
        forgotten += plan.rows().length;
        stateChanged();
        boolean exhausted = budget > 0 && forgotten > budget;
        return new Applied(dev.lethe.model.Guarantee.EXACT, exhausted ? Map.of("budgetExhausted", "true") : Map.of());
    }

    @Override
    protected void digestParameters(StateDigest d) {
        for (double c : counts) {
            d.add(c);
        }
        d.add(sum).add(forgotten);
    }

    @Override
    protected void writeParameters(DataOutputStream out) throws IOException {
        out.writeInt(budget);
        out.writeInt(forgotten);
        out.writeInt(maxRequest);
    }

    @Override
    public String family() {
        return "tally";
    }

    /** The live count of each class (classification), or of all records. */
    public double[] counts() {
        return counts.clone();
    }

    @Override
    public double predict(double[] row) {
        if (!schema().isClassification()) {
            return counts[0] == 0 ? 0 : sum / counts[0];
        }
        int best = 0;
        for (int k = 1; k < counts.length; k++) {
            if (counts[k] > counts[best]) {
                best = k;
            }
        }
        return best;
    }

    @Override
    public double[] probabilities(double[] row) {
        double total = 0;
        for (double c : counts) {
            total += c + 1;
        }
        double[] p = new double[counts.length];
        for (int k = 0; k < p.length; k++) {
            p[k] = (counts[k] + 1) / total;
        }
        return p;
    }

    @Override
    public Map<String, double[]> parameters() {
        return Map.of("counts", counts.clone());
    }
}
