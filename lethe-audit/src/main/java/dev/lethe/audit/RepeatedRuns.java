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
     * @param learners  the learner for a seed
     * @param training  D
     * @param forget    S, as record IDs of D
     * @param features  features to forget too (replayed after the records), may be empty
     */
    public static ForgettingQuality.Result measure(LongFunction<? extends Learner<?>> learners, Dataset training,
                                                   Set<Long> forget, Set<String> features, int runs, double delta,
                                                   long seed, Workers workers) {
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
            jobs.add(() -> {
                UnlearnableModel unlearned = learners.apply(runSeed).fit(training);
                if (!forget.isEmpty()) {
                    unlearned.forget(new ForgetRequest.Records(new TreeSet<>(forget)));
                }
                for (String f : features) {
                    unlearned.forget(new ForgetRequest.Feature(f));
                }
                UnlearnableModel retrained = learners.apply(runSeed).fit(retrainSet);
                return new double[][] {ModelOutputs.of(unlearned, forgetRows).phi(), ModelOutputs.of(retrained, forgetRows).phi()};
            });
        }
        List<double[][]> results = workers.all(jobs);
        int n = forgetRows.size();
        double[][] u = new double[n][runs];
        double[][] t = new double[n][runs];
        for (int r = 0; r < runs; r++) {
            for (int i = 0; i < n; i++) {
                u[i][r] = results.get(r)[0][i];
                t[i][r] = results.get(r)[1][i];
            }
        }
        return ForgettingQuality.score(u, t, delta);
    }
}
