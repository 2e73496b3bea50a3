package dev.lethe.audit;

import dev.lethe.audit.attack.ModelOutputs;
import dev.lethe.audit.attack.Workers;
import dev.lethe.audit.metrics.ForgettingQuality;
import dev.lethe.data.Dataset;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.Learner;
import dev.lethe.model.UnlearnableModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.LongFunction;

/**
 * The NeurIPS 2023 Machine Unlearning Challenge protocol on our models: R times, with a fresh seed each
 * time, train on D and forget S (the unlearned model), and train on D \ S (the retrained model); the
 * per-run logit-scaled confidence of every forgotten record under both feeds
 * {@link ForgettingQuality}. Runs are independent jobs on the workers.
 */
public final class RepeatedRuns {

    private RepeatedRuns() {
    }

    /**
     * The per-run statistics behind the score: {@code unlearned[i][r]} and {@code retrained[i][r]} for
     * forget example i in run r, and, when the controls are asked for, {@code retrainedAgain[i][r]}
     * from a second retrained model with an independent seed (two samples of the same distribution,
     * whose estimated ε is the estimator's own noise floor) and {@code neverForgot[i][r]} from the
     * run's model before it forgot (if even these cannot be told from the retrained models, the audit
     * has no power on this family).
     */
    public record Samples(double[][] unlearned, double[][] retrained, double[][] retrainedAgain, double[][] neverForgot) {
        /** The challenge's score of these runs. */
        public ForgettingQuality.Result score(double delta) {
            return ForgettingQuality.score(unlearned, retrained, delta);
        }
    }

    /**
     * @param learners  the learner for a seed
     * @param training  D
     * @param forget    S, as record IDs of D
     * @param features  features to forget too (replayed after the records), may be empty
     */
    public static ForgettingQuality.Result measure(LongFunction<? extends Learner<?>> learners, Dataset training,
                                                   Set<Long> forget, Set<String> features, int runs, double delta,
                                                   long seed, Workers workers) {
        return sample(learners, training, forget, features, runs, false, seed, workers).score(delta);
    }

    /**
     * Runs the protocol and returns the raw statistics; with {@code controls} each run also retrains
     * a second time with an independent seed and keeps its model's outputs from before the forget (see
     * {@link Samples}).
     */
    public static Samples sample(LongFunction<? extends Learner<?>> learners, Dataset training, Set<Long> forget,
                                 Set<String> features, int runs, boolean controls, long seed, Workers workers) {
        Dataset forgetRows = training.withoutRecords(id -> !forget.contains(id));
        Dataset remaining = training.withoutRecords(forget::contains);
        if (!features.isEmpty()) {
            remaining = remaining.withoutFeatures(features);
        }
        Dataset retrainSet = remaining;
        List<Callable<double[][]>> jobs = new ArrayList<>();
        SplittableRandom seeds = new SplittableRandom(seed);
        for (int r = 0; r < runs; r++) {
            long runSeed = seeds.nextLong();
            long nullSeed = new SplittableRandom(runSeed).split().nextLong(); // independent of runSeed's models
            jobs.add(() -> {
                UnlearnableModel unlearned = learners.apply(runSeed).fit(training);
                double[] before = controls ? ModelOutputs.of(unlearned, forgetRows).phi() : null;
                if (!forget.isEmpty()) {
                    unlearned.forget(new ForgetRequest.Records(new TreeSet<>(forget)));
                }
                for (String f : features) {
                    unlearned.forget(new ForgetRequest.Feature(f));
                }
                UnlearnableModel retrained = learners.apply(runSeed).fit(retrainSet);
                double[] again = controls ? ModelOutputs.of(learners.apply(nullSeed).fit(retrainSet), forgetRows).phi() : null;
                return new double[][] {ModelOutputs.of(unlearned, forgetRows).phi(), ModelOutputs.of(retrained, forgetRows).phi(), again,
                        before};
            });
        }
        List<double[][]> results = workers.all(jobs);
        int n = forgetRows.size();
        double[][][] out = new double[4][n][runs];
        for (int r = 0; r < runs; r++) {
            for (int k = 0; k < 4; k++) {
                for (int i = 0; i < n && results.get(r)[k] != null; i++) {
                    out[k][i][r] = results.get(r)[k][i];
                }
            }
        }
        return new Samples(out[0], out[1], controls ? out[2] : null, controls ? out[3] : null);
    }
}
