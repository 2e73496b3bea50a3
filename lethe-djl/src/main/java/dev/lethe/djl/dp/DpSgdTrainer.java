package dev.lethe.djl.dp;

import ai.djl.ndarray.NDManager;
import dev.lethe.djl.Torch;
import dev.lethe.model.TrainingProgress;
import dev.lethe.privacy.dpsgd.DpSgd;
import java.util.Random;

/**
 * The DP-SGD loop for a {@link DpNetwork} (Abadi et al., CCS 2016, Algorithm 1): each step takes every
 * privacy unit with probability q (Poisson sampling, the sampling the RDP accountant assumes), sums the
 * units' gradients clipped to norm C (an example's, or a subject's summed over their examples), adds N(0, σ²C²) to every coordinate, divides by the expected
 * batch qn and takes an SGD step (with optional momentum). The initial weights, the batches and the
 * noise derive from the seed alone, and PyTorch runs single-threaded, so the same data and seed give
 * bit-identical weights: what forgetting by retraining relies on.
 */
final class DpSgdTrainer {

    private DpSgdTrainer() {
    }

    /** @param groups the rows of each privacy unit (one row each for records; each subject's rows for subjects) */
    static float[][] train(DpNetwork net, float[] x, int[] y, int[][] groups, DpTrainingOptions o, long seed, DpSgd.Run run,
                           TrainingProgress progress) {
        int n = y.length;
        boolean perRecord = groups.length == n;
        int w = net.inputs();
        float[][] params = net.initial(seed);
        float[][] velocity = new float[params.length][];
        for (int i = 0; i < params.length; i++) {
            velocity[i] = new float[params[i].length];
        }
        Random sampling = new Random(seed ^ 0x9E3779B97F4A7C15L);
        Random noise = new Random(seed ^ 0xC2B2AE3D27D4EB4FL);
        double expected = run.q() * groups.length;
        double sd = run.sigma() * o.clip();
        int capacity = Math.max(16, (int) Math.min(n, 2 * expected + 64));
        float[] bx = new float[capacity * w];
        int[] by = new int[capacity];
        int[] groupOf = new int[capacity];
        try (NDManager manager = Torch.newManager()) {
            for (long step = 0; step < run.steps(); step++) {
                int b = 0;
                int units = 0;
                for (int[] g : groups) {
                    if (sampling.nextDouble() < run.q()) {
                        for (int i : g) {
                            if (b == by.length) {
                                by = java.util.Arrays.copyOf(by, 2 * b);
                                bx = java.util.Arrays.copyOf(bx, 2 * b * w);
                                groupOf = java.util.Arrays.copyOf(groupOf, 2 * b);
                            }
                            System.arraycopy(x, i * w, bx, b * w, w);
                            groupOf[b] = units;
                            by[b++] = y[i];
                        }
                        units++;
                    }
                }
                float[][] sum = b == 0 ? null : perRecord ? net.clippedSum(manager, params, bx, by, b, o.clip()).sum()
                        : net.clippedSum(manager, params, bx, by, b, o.clip(), groupOf, units).sum();
                for (int i = 0; i < params.length; i++) {
                    float[] p = params[i];
                    float[] v = velocity[i];
                    for (int j = 0; j < p.length; j++) {
                        double g = ((sum == null ? 0 : sum[i][j]) + noise.nextGaussian() * sd) / expected;
                        v[j] = (float) (o.momentum() * v[j] + g);
                        p[j] -= (float) (o.rate() * v[j]);
                    }
                }
                if (progress != null && step % 20 == 0) {
                    progress.update(step, run.steps());
                }
            }
        }
        return params;
    }
}
