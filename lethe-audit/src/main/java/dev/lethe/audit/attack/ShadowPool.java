package dev.lethe.audit.attack;

import dev.lethe.data.Dataset;
import dev.lethe.model.Learner;
import dev.lethe.model.Model;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.LongFunction;

/**
 * N shadow models, each trained with the audited model's own learner (same family and settings, its
 * own seed) on a random half of a population dataset, and their outputs on every population row.
 *
 * <p>Membership is balanced as in Carlini et al. (2022): every population row is in the training set
 * of exactly ⌊N/2⌋ shadows, chosen at random per row, so every row has both "in" and "out" shadows
 * to compare against. Shadows train and score in parallel, one job per shadow.
 */
public final class ShadowPool {

    private final Dataset population;
    private final BitSet[] members;
    private final ModelOutputs[] outputs;

    /**
     * How one shadow is made from its half of the population: the audited model's whole training
     * pipeline (anonymising first, say), so that the shadows mimic the target as LiRA requires.
     */
    @FunctionalInterface
    public interface Trainer {
        Model train(Dataset half, long seed);
    }

    private ShadowPool(Dataset population, BitSet[] members, ModelOutputs[] outputs) {
        this.population = population;
        this.members = members;
        this.outputs = outputs;
    }

    /**
     * @param learners         the learner for a seed (the audited family with the model's settings)
     * @param population       rows the shadows train on and are scored on
     * @param droppedFeatures  features the audited model has forgotten (shadows train without them)
     * @param shadows          N ≥ 2
     */
    public static ShadowPool train(LongFunction<? extends Learner<?>> learners, Dataset population,
                                   Collection<String> droppedFeatures, int shadows, long seed, Workers workers) {
        Dataset trainable = droppedFeatures.isEmpty() ? population : population.withoutFeatures(droppedFeatures);
        Trainer trainer = (half, shadowSeed) -> learners.apply(shadowSeed).fit(half);
        return train(trainer, population, trainable, shadows, seed, workers);
    }

    /**
     * Shadows made by any training pipeline, trained on halves of {@code population} and scored on all of it.
     *
     * @param shadows N ≥ 2
     */
    public static ShadowPool train(Trainer trainer, Dataset population, int shadows, long seed, Workers workers) {
        return train(trainer, population, population, shadows, seed, workers);
    }

    private static ShadowPool train(Trainer trainer, Dataset population, Dataset trainable, int shadows, long seed, Workers workers) {
        if (shadows < 2) {
            throw new IllegalArgumentException("LiRA needs at least 2 shadow models, got " + shadows);
        }
        if (population.size() < 4) {
            throw new IllegalArgumentException("the shadow population needs at least 4 rows, got " + population.size());
        }
        int n = population.size();
        BitSet[] in = new BitSet[shadows];
        for (int s = 0; s < shadows; s++) {
            in[s] = new BitSet(n);
        }
        int[] order = new int[shadows];
        for (int i = 0; i < n; i++) {
            SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
            for (int s = 0; s < shadows; s++) {
                order[s] = s;
            }
            for (int s = shadows - 1; s > 0; s--) {
                int j = random.nextInt(s + 1);
                int t = order[s];
                order[s] = order[j];
                order[j] = t;
            }
            for (int s = 0; s < shadows / 2; s++) {
                in[order[s]].set(i);
            }
        }
        List<Callable<ModelOutputs>> jobs = new ArrayList<>();
        for (int s = 0; s < shadows; s++) {
            int shadow = s;
            long shadowSeed = new SplittableRandom(seed + 31L * (s + 1)).nextLong();
            jobs.add(() -> {
                Dataset half = trainable.select(in[shadow].stream().toArray());
                return ModelOutputs.of(trainer.train(half, shadowSeed), population);
            });
        }
        List<ModelOutputs> out = workers.all(jobs);
        return new ShadowPool(population, in, out.toArray(new ModelOutputs[0]));
    }

    public Dataset population() {
        return population;
    }

    public int size() {
        return outputs.length;
    }

    /** Whether population row {@code row} was in shadow {@code shadow}'s training data. */
    public boolean isMember(int shadow, int row) {
        return members[shadow].get(row);
    }

    public ModelOutputs outputs(int shadow) {
        return outputs[shadow];
    }
}
