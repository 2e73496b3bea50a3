package dev.lethe.bench;

import dev.lethe.data.Dataset;
import dev.lethe.data.IdxReader;
import dev.lethe.model.Evaluation;
import dev.lethe.model.ModelFamilies;
import dev.lethe.model.UnlearnableModel;
import dev.lethe.privacy.dpsgd.DpSgd;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * DP-SGD for networks on MNIST (issue 13's target: within 1.5 points of Opacus's 94.6 / 96.8 / 97.1 % at
 * ε ≈ 1.2 / 3.0 / 7.1, δ = 1e-5): trains {@code dp-cnn} or {@code dp-mlp} on the 60,000 training images
 * at each target ε and reports the accountant's ε, σ, the steps, t10k accuracy, the training time, and
 * what a longer schedule would cost at the measured time per step.
 *
 * <p>Usage: {@code DpNetworkBench DATA_DIR [family=dp-cnn] [eps=1.2,3.0,7.1] [rows=60000] [seed=1]
 * [full-epochs=N] [SETTING=VALUE …]} — any other key=value is a setting of the family (epochs, batch,
 * clip, rate, momentum, channels, hidden, activation).
 */
public final class DpNetworkBench {

    private DpNetworkBench() {
    }

    /** CPU time of the whole process (every thread, PyTorch's included): on a shared machine, the cost that does not depend on the load. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    public static void main(String[] args) {
        Path data = Path.of(args[0]);
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            options.put(kv[0], kv[1]);
        }
        String family = options.remove("family");
        family = family == null ? "dp-cnn" : family;
        String[] epsilons = options.getOrDefault("eps", "1.2,3.0,7.1").split(",");
        options.remove("eps");
        int rows = Integer.parseInt(options.getOrDefault("rows", "60000"));
        options.remove("rows");
        long seed = Long.parseLong(options.getOrDefault("seed", "1"));
        options.remove("seed");
        String full = options.remove("full-epochs");
        Dataset train = IdxReader.read(data.resolve("mnist")).dataset();
        if (rows < train.size()) {
            int[] first = new int[rows];
            for (int i = 0; i < rows; i++) {
                first[i] = i;
            }
            train = train.select(first);
        }
        Dataset test = IdxReader.readTestSplit(data.resolve("mnist"));
        for (String eps : epsilons) {
            Map<String, String> settings = new LinkedHashMap<>(options);
            settings.put("epsilon", eps);
            settings.putIfAbsent("delta", "1e-5");
            long t = System.nanoTime();
            long cpu = cpuNanos();
            UnlearnableModel m = ModelFamilies.byName(family).learner(settings, seed).fit(train);
            double secs = (System.nanoTime() - t) / 1e9;
            double cpuSecs = (cpuNanos() - cpu) / 1e9;
            Map<String, String> s = m.provenance().settings();
            long steps = Long.parseLong(s.get("dp.steps"));
            System.out.printf(Locale.ROOT, "%s mnist n=%d target eps=%s %s: accountant eps=%.3f sigma=%.4f q=%.5f steps=%d, "
                            + "test accuracy %.4f, train %.0f s wall, %.0f s CPU (%.3f s/step wall)%n", family, train.size(), eps, options,
                    Double.parseDouble(s.get("dp.epsilon")), Double.parseDouble(s.get("dp.noiseMultiplier")),
                    Double.parseDouble(s.get("dp.samplingRate")), steps, Evaluation.of(m, test).accuracy(), secs, cpuSecs, secs / steps);
            if (full != null) {
                int batch = Integer.parseInt(s.get("batch"));
                DpSgd.Run run = DpSgd.plan(train.size(), Double.parseDouble(eps), 1e-5, batch, Double.parseDouble(full));
                System.out.printf(Locale.ROOT, "  the same at %s epochs: sigma=%.4f, %d steps, about %.0f s at the measured time per step%n",
                        full, run.sigma(), run.steps(), run.steps() * secs / steps);
            }
        }
    }
}
