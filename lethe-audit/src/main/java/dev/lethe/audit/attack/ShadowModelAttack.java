package dev.lethe.audit.attack;

import dev.lethe.data.Dataset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The shadow-model attack of Shokri et al., "Membership Inference Attacks Against Machine Learning
 * Models" (IEEE S&amp;P 2017): the shadow models' outputs on rows they did and did not train on are a
 * labelled training set for an attack classifier, one per true class as in the paper. Here the
 * classifier is a logistic regression on the confidence features of {@link ModelOutputs} (true-class
 * logit, log of the top probability, entropy, correctness); a class with too few examples falls
 * back to one model for all classes. The score is the classifier's log-odds of "member".
 */
public final class ShadowModelAttack implements MembershipAttack {

    private static final int MIN_PER_CLASS = 20;

    private final LogisticModel[] perClass;
    private final LogisticModel global;
    private final Dataset population;
    private final boolean classifier;

    private ShadowModelAttack(LogisticModel[] perClass, LogisticModel global, Dataset population, boolean classifier) {
        this.perClass = perClass;
        this.global = global;
        this.population = population;
        this.classifier = classifier;
    }

    /**
     * @param maxExamples at most this many (shadow, row) pairs train the attack classifiers
     */
    public static ShadowModelAttack train(ShadowPool pool, int maxExamples, long seed) {
        Dataset population = pool.population();
        boolean classifier = population.schema().isClassification();
        int n = population.size();
        long total = (long) n * pool.size();
        double keep = Math.min(1, (double) maxExamples / total);
        SplittableRandom random = new SplittableRandom(seed);
        int classes = classifier ? population.schema().numClasses() : 1;
        List<List<double[]>> xs = new ArrayList<>();
        List<List<Boolean>> ys = new ArrayList<>();
        for (int k = 0; k < classes; k++) {
            xs.add(new ArrayList<>());
            ys.add(new ArrayList<>());
        }
        for (int s = 0; s < pool.size(); s++) {
            ModelOutputs out = pool.outputs(s);
            for (int i = 0; i < n; i++) {
                if (keep < 1 && random.nextDouble() >= keep) {
                    continue;
                }
                int k = classifier ? population.label(i) : 0;
                xs.get(k).add(features(out, i, classifier));
                ys.get(k).add(pool.isMember(s, i));
            }
        }
        List<double[]> allX = new ArrayList<>();
        List<Boolean> allY = new ArrayList<>();
        LogisticModel[] perClass = new LogisticModel[classes];
        for (int k = 0; k < classes; k++) {
            allX.addAll(xs.get(k));
            allY.addAll(ys.get(k));
            long in = ys.get(k).stream().filter(b -> b).count();
            long outCount = ys.get(k).size() - in;
            if (in >= MIN_PER_CLASS && outCount >= MIN_PER_CLASS) {
                perClass[k] = fit(xs.get(k), ys.get(k));
            }
        }
        return new ShadowModelAttack(perClass, fit(allX, allY), population, classifier);
    }

    private static LogisticModel fit(List<double[]> x, List<Boolean> y) {
        boolean[] labels = new boolean[y.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = y.get(i);
        }
        return LogisticModel.fit(x.toArray(new double[0][]), labels, 300, 1e-4);
    }

    static double[] features(ModelOutputs out, int i, boolean classifier) {
        if (!classifier) {
            return new double[] {out.phi()[i]};
        }
        double max = Math.max(ModelOutputs.CLAMP, out.maxProb()[i]);
        return new double[] {out.phi()[i], Math.log(max), out.entropy()[i], out.correct()[i] ? 1 : 0};
    }

    @Override
    public String name() {
        return "Shadow models (Shokri)";
    }

    @Override
    public double[] score(ModelOutputs target, int[] rows) {
        double[] scores = new double[rows.length];
        for (int k = 0; k < rows.length; k++) {
            int i = rows[k];
            LogisticModel m = classifier && perClass[population.label(i)] != null ? perClass[population.label(i)] : global;
            scores[k] = m.logOdds(features(target, i, classifier));
        }
        return scores;
    }
}
