package dev.lethe.audit.reference;

import dev.lethe.data.Dataset;
import dev.lethe.model.Learner;
import dev.lethe.model.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * K models trained from scratch on the retained records only, each with its own seed: what an
 * unlearned model should be indistinguishable from. The first uses the model's own seed, so it is
 * exactly the retrain a fall-back would compute, and is reused for it (trained once per request).
 *
 * @param models      the references, the first trained with {@code seeds[0]}
 * @param seeds       their seeds
 * @param trainingNanos total time spent training them
 */
public record ReferenceModels(List<Model> models, long[] seeds, long trainingNanos) {

    public ReferenceModels {
        models = List.copyOf(models);
        seeds = seeds.clone();
    }

    /** The seed of reference {@code k}: {@code seed} itself for k = 0, then well-spread others. */
    public static long seed(long seed, int k) {
        return seed + 0x9E3779B97F4A7C15L * k;
    }

    /**
     * Trains {@code k} references on {@code retained}.
     *
     * @param learners the learner to use for a seed (the unlearned model's family and settings)
     */
    public static ReferenceModels train(LongFunction<? extends Learner<?>> learners, Dataset retained, int k, long seed) {
        if (k < 2 || k > 64) {
            throw new dev.lethe.model.InvalidInputException("--verify: expected 2 to 64 reference models, got " + k
                    + " (with one there is no spread to judge against)");
        }
        long start = System.nanoTime();
        List<Model> models = new ArrayList<>();
        long[] seeds = new long[k];
        for (int i = 0; i < k; i++) {
            seeds[i] = seed(seed, i);
            models.add(learners.apply(seeds[i]).fit(retained));
        }
        return new ReferenceModels(models, seeds, System.nanoTime() - start);
    }

    public int size() {
        return models.size();
    }
}
