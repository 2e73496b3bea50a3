package dev.lethe.djl;

import dev.lethe.model.InvalidInputException;
import dev.lethe.model.LetheException;
import dev.lethe.model.Settings;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The approximate unlearning methods for a monolithically trained network, each a few passes of
 * gradient steps on the forget set S and the retained set R (Adam with fresh moments, or SGD with momentum):
 * <ul>
 * <li>{@code finetune}: descend on R only (catastrophic forgetting of S; the usual baseline);</li>
 * <li>{@code gradient-ascent}: ascend the loss on S only (Thudi et al., EuroS&amp;P 2022);</li>
 * <li>{@code neggrad+}: descend α·L(R) − (1−α)·L(S) (Kurmanji et al., NeurIPS 2023);</li>
 * <li>{@code scrub}: a student that starts as the model (the teacher) and alternates, for the first
 *     {@code max-epochs} epochs, a max step that raises KL(teacher‖student) on S, with min steps on R
 *     that lower α·KL + γ·CE (Kurmanji et al., "Towards Unbounded Machine Unlearning", NeurIPS 2023);</li>
 * <li>{@code salun}: a saliency mask of the {@code sparsity} fraction of weights with the largest forget-loss
 *     gradient, then random-label updates on S together with R, changing only masked weights (Fan et al.,
 *     "SalUn", ICLR 2024);</li>
 * <li>{@code l1-sparse}: fine-tuning on R with an ℓ1 penalty on the weights whose strength decays linearly
 *     to 0 (Jia et al., "Model Sparsity Can Simplify Machine Unlearning", NeurIPS 2023).</li>
 * </ul>
 * As the papers' recipes do, a method's cost is set by S and a small retained sample, not by the
 * whole of R: each epoch draws a fresh seeded sample of the {@code retain} fraction of R (10–20% by
 * default), and the defaults take one or two such epochs, so a method costs a few percent of retraining.
 * The defaults were chosen on MNIST with the default {@code mlp} ({@code lethe bench unlearn}, 6,000
 * training images): the class target (forget accuracy near 0 with retain and test accuracy within a
 * point of retraining) sits on a knife edge in α and the step count, and none of them is tuned per request.
 * <p>For a class, neggrad+, SalUn and gradient ascent take a stopping rule instead of a step count:
 * {@code stop-at=0.01} stops after the first step that leaves the forget set's own accuracy at or below 1%
 * ({@code epochs} becomes a cap), and {@code repair=K} then fine-tunes K epochs on fresh retained samples. The
 * forget set is known to the method, so measuring it is legitimate, and the rule moves with the network and
 * the data size where a fixed step count does not. For a class, retraining's own forget accuracy is 0, so a
 * threshold near 0 is what a retrained model would show. Both are off by default, so random forgetting, where
 * retraining still recognises most of S, is unchanged. Measured on MNIST (N = 32), NegGrad+ with the rule and
 * {@code optimizer=sgd} forgets the class completely and keeps retain and test accuracy within a point of
 * retraining; with the weights kept in PyTorch for the run ({@link ResidentNetwork}) and rate 0.02, α 0.95 and
 * {@code repair=1} it does so in 0.087× retraining's time (MLP, 4,000 images). With Adam it loses a point or
 * more ({@code lethe-bench/results/unlearn.md}).
 * None proves anything: a forget through any of them is {@code APPROXIMATE}, and only a measurement
 * against retrained models ({@code --verify}) says how close it came.
 */
public enum UnlearningMethod {
    FINETUNE("finetune", 2, 1e-3, 0.1),
    GRADIENT_ASCENT("gradient-ascent", 2, 1e-3, 0),
    NEGGRAD_PLUS("neggrad+", 1, 1e-3, 0.2),
    SCRUB("scrub", 2, 1e-3, 0.2),
    SALUN("salun", 1, 1e-3, 0.1),
    L1_SPARSE("l1-sparse", 2, 1e-3, 0.1);

    private final String id;
    private final int defaultEpochs;
    private final double defaultRate;
    private final double defaultRetain;

    UnlearningMethod(String id, int defaultEpochs, double defaultRate, double defaultRetain) {
        this.id = id;
        this.defaultEpochs = defaultEpochs;
        this.defaultRate = defaultRate;
        this.defaultRetain = defaultRetain;
    }

    /** The name on the command line ({@code --method}). */
    public String id() {
        return id;
    }

    /** The method named {@code name}, or an {@link InvalidInputException} that lists the known ones. */
    public static UnlearningMethod byName(String name) {
        for (UnlearningMethod m : values()) {
            if (m.id.equals(name)) {
                return m;
            }
        }
        throw new InvalidInputException("--method: unknown unlearning method " + LetheException.quote(name) + "; known: "
                + Arrays.stream(values()).map(UnlearningMethod::id).collect(Collectors.joining(", ")));
    }

    /**
     * A method with its settings checked, defaults filled in, and written out in full (the receipt
     * lists them).
     *
     * @param epochs   passes over the set the method iterates (R, or S for gradient ascent); 0 changes nothing
     * @param rate     Adam's step size
     * @param batch    records per step (default: the model's training batch, twice that for the methods whose
     *                 steps mix S and R: neggrad+, scrub, salun)
     * @param seed     order of batches and random labels
     * @param alpha    neggrad+: weight of the retained loss; scrub: weight of the KL term in the min step
     * @param gamma    scrub: weight of the cross-entropy in the min step; l1-sparse: initial ℓ1 strength
     * @param maxEpochs scrub: epochs that start with a max step
     * @param sparsity salun: fraction of weights the mask lets change
     * @param retain   fraction of R sampled afresh for each epoch (every method but gradient ascent)
     * @param sgd      plain SGD with momentum 0.9 (as the papers' code) instead of Adam, whose fresh moments move
     *                 every weight by about the step size on the first steps, however small its gradient
     * @param stopAt   the stopping rule ({@code stop-at}; negative: off, the default): the method stops after the
     *                 first step that leaves the forget set's accuracy at or below this, and {@code epochs} is then
     *                 only a cap. S is known to the method, so measuring on it is legitimate; it makes the result
     *                 depend on where forgetting happens, not on a step count tuned to one data size
     * @param repair   epochs of fine-tuning on fresh retained samples after the method (or after it stopped), which
     *                 restore retain accuracy lost to the ascent (default 0)
     */
    public record Configured(UnlearningMethod method, int epochs, double rate, int batch, long seed, double alpha,
                             double gamma, int maxEpochs, double sparsity, double retain, boolean sgd,
                             double stopAt, int repair) {

        /** Whether the stopping rule is on. */
        public boolean stops() {
            return stopAt >= 0;
        }

        /** The settings as the receipt shows them, in a fixed order, only those the method uses. */
        public Map<String, String> settings() {
            Map<String, String> out = new LinkedHashMap<>();
            out.put("epochs", Integer.toString(epochs));
            out.put("rate", Double.toString(rate));
            out.put("batch", Integer.toString(batch));
            out.put("seed", Long.toString(seed));
            out.put("optimizer", sgd ? "sgd" : "adam");
            if (method != GRADIENT_ASCENT || retain > 0) {
                out.put("retain", Double.toString(retain));
            }
            switch (method) {
                case NEGGRAD_PLUS -> out.put("alpha", Double.toString(alpha));
                case SCRUB -> {
                    out.put("alpha", Double.toString(alpha));
                    out.put("gamma", Double.toString(gamma));
                    out.put("max-epochs", Integer.toString(maxEpochs));
                }
                case SALUN -> out.put("sparsity", Double.toString(sparsity));
                case L1_SPARSE -> out.put("gamma", Double.toString(gamma));
                default -> {
                }
            }
            if (method == NEGGRAD_PLUS || method == SALUN || method == GRADIENT_ASCENT) {
                out.put("stop-at", stops() ? Double.toString(stopAt) : "off");
                out.put("repair", Integer.toString(repair));
            }
            return out;
        }
    }

    /**
     * Checks {@code settings} ({@code --set} pairs) for this method; unknown keys are refused.
     *
     * @param defaultSeed the model's own seed, used unless {@code seed} is set
     * @param defaultBatch the model's training batch size
     */
    public Configured configure(Map<String, String> settings, long defaultSeed, int defaultBatch) {
        Settings s = new Settings("method " + id, settings);
        int epochs = s.intValue("epochs", defaultEpochs, 0, 1000);
        double rate = s.doubleValue("rate", defaultRate, 1e-9, 1);
        // a step of the methods that mix S and R holds a training batch of each
        boolean mixes = this == NEGGRAD_PLUS || this == SCRUB || this == SALUN;
        int batch = s.intValue("batch", mixes ? 2 * defaultBatch : defaultBatch, 1, 1 << 16);
        long seed = s.longValue("seed", defaultSeed);
        double alpha = this == NEGGRAD_PLUS ? s.doubleValue("alpha", 0.99, 0, 1)
                : this == SCRUB ? s.doubleValue("alpha", 1, 0, 100) : 0;
        double gamma = this == SCRUB ? s.doubleValue("gamma", 1, 0, 100)
                : this == L1_SPARSE ? s.doubleValue("gamma", 5e-4, 0, 1) : 0;
        int maxEpochs = this == SCRUB ? s.intValue("max-epochs", 1, 0, 1000) : 0;
        double sparsity = this == SALUN ? s.doubleValue("sparsity", 0.1, 0.001, 1) : 0;
        // gradient ascent visits no retained rows of its own; its repair, when asked for, samples them like the others
        double retain = this == GRADIENT_ASCENT && !s.has("repair") ? 0
                : s.doubleValue("retain", this == GRADIENT_ASCENT ? 0.2 : defaultRetain, 1e-6, 1);
        boolean sgd = s.choice("optimizer", "adam", java.util.Set.of("adam", "sgd")).equals("sgd");
        boolean stoppable = this == NEGGRAD_PLUS || this == SALUN || this == GRADIENT_ASCENT;
        double stopAt = stoppable && s.has("stop-at") ? s.doubleValue("stop-at", 0, 0, 1) : -1;
        int repair = stoppable ? s.intValue("repair", 0, 0, 1000) : 0;
        s.rejectUnknown();
        return new Configured(this, epochs, rate, batch, seed, alpha, gamma, maxEpochs, sparsity, retain, sgd,
                stopAt, repair);
    }
}
