package dev.lethe.audit;

import dev.lethe.audit.oracle.RetrainOracle;
import dev.lethe.data.Dataset;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.Learner;
import dev.lethe.model.LetheException;
import dev.lethe.model.UnlearnableModel;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Measures a {@link DeletionCurve}: fit a method on the training data, then forget random records one
 * request at a time, evaluating held-out utility every {@code perStep} forgets.
 */
public final class DeletionCurves {

    private DeletionCurves() {
    }

    public static DeletionCurve measure(String family, Learner<?> learner, Dataset training, Dataset heldOut, int steps,
                                        int perStep, long seed) {
        UnlearnableModel model;
        try {
            model = learner.fit(training);
        } catch (LetheException | UnsupportedOperationException | IllegalArgumentException e) {
            return empty(family, training, "not applicable: " + e.getMessage());
        }
        int total = Math.min(steps * perStep, training.size() - 1);
        long[] order = training.shuffle(seed).recordIds();
        int[] deletions = new int[steps + 1];
        double[] utility = new double[steps + 1];
        long[] latency = new long[total];
        Set<String> guarantees = new LinkedHashSet<>();
        utility[0] = RetrainOracle.score(model, heldOut);
        int done = 0;
        int points = 1;
        String note = "";
        steps:
        for (int s = 1; s <= steps && done < total; s++) {
            int until = Math.min(total, done + perStep);
            for (; done < until; done++) {
                try {
                    ForgetReceipt receipt = model.forget(ForgetRequest.Records.of(order[done]));
                    latency[done] = receipt.elapsed().toNanos();
                    guarantees.add(receipt.guarantee().toString());
                } catch (LetheException e) {
                    note = "stopped after " + done + " forgets: " + e.getMessage();
                    break steps;
                }
            }
            deletions[points] = done;
            utility[points] = RetrainOracle.score(model, heldOut);
            points++;
        }
        return new DeletionCurve(family, metric(training), java.util.Arrays.copyOf(deletions, points),
                java.util.Arrays.copyOf(utility, points), java.util.Arrays.copyOf(latency, done), new ArrayList<>(guarantees), note);
    }

    static DeletionCurve empty(String family, Dataset training, String note) {
        return new DeletionCurve(family, metric(training), new int[0], new double[0], new long[0], List.of(), note);
    }

    private static String metric(Dataset training) {
        return training.schema().isClassification() ? dev.lethe.audit.oracle.Utility.ACCURACY : dev.lethe.audit.oracle.Utility.RMSE;
    }
}
