package dev.lethe.cli;

import java.util.Map;
import java.util.Optional;

/**
 * Advice printed when training starts with settings known to cost accuracy. SISA splits the data into
 * shards, so a neural base network sees 1/S of it and needs more passes and smaller batches than the
 * same network trained on everything (Bourtoule et al., IEEE S&amp;P 2021, §VI): with the defaults, SISA
 * over {@code mlp} (16 shards, 4 slices) reached 96.5% on MNIST against 98.1% for one network, and
 * 20 epochs with batches of 32 close most of that gap ({@code lethe-bench/results/sisa.md}).
 */
final class TrainingHints {

    private TrainingHints() {
    }

    /** The advice for a family and its {@code --set} settings, if any. */
    static Optional<String> of(String family, Map<String, String> settings) {
        if (!"sisa".equals(family)) {
            return Optional.empty();
        }
        String base = settings.getOrDefault("base", "nb");
        if (!base.equals("mlp") && !base.equals("cnn")) {
            return Optional.empty();
        }
        if (settings.containsKey("base.epochs") && settings.containsKey("base.batch")) {
            return Optional.empty();
        }
        return Optional.of("each SISA shard trains its " + base + " on a fraction of the data; the default epochs "
                + "and batch size lose accuracy against one network (MNIST, 16 shards: 96.5% against 98.1%). "
                + "Set --set base.epochs=20 --set base.batch=32 to close most of the gap, at the cost of training time.");
    }
}
