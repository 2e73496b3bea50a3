package dev.lethe.djl;

import dev.lethe.data.Dataset;
import dev.lethe.model.AbstractUnlearnableModel.Applied;
import dev.lethe.model.ForgetException;
import dev.lethe.model.ForgetPlan;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.Guarantee;
import dev.lethe.model.InvalidInputException;
import dev.lethe.model.LetheException;
import dev.lethe.model.ModelFamilies;
import dev.lethe.model.UnlearnableModel;
import dev.lethe.model.Model;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Forgetting for monolithically trained {@code mlp} and {@code cnn} networks, which cannot forget
 * exactly by themselves: approximately, with one of the {@link UnlearningMethod}s (the receipt says
 * {@code APPROXIMATE}, the method and its settings, never more), or exactly by retraining from scratch
 * on the remaining records with the model's own seed (the fall-back when a verification finds the
 * approximate result distinguishable from retrained models). Both go through the model's forget
 * protocol, so a request either completes or leaves the model exactly as it was.
 */
public final class NeuralUnlearning {

    private NeuralUnlearning() {
    }

    /** What the model's forget protocol calls while a request is under way. */
    interface Pending {
        void check(ForgetPlan plan);

        Applied apply(NeuralModel model, ForgetPlan plan);
    }

    /** The forget set S and the retained set R = remaining \ S of a request, as datasets. */
    public record Split(Dataset retain, Dataset forget) {
    }

    /** Whether {@code model} is a network these methods apply to. */
    public static boolean applies(UnlearnableModel model) {
        return model instanceof NeuralModel;
    }

    /**
     * Resolves {@code request} on {@code model} without changing it: the records it would forget and those
     * that would remain (with corrected labels). Both are views of the model's records, and a forget erases
     * the forgotten rows from those at commit: to evaluate after forgetting, split a copy of the model.
     */
    public static Split split(UnlearnableModel model, ForgetRequest request) {
        NeuralModel network = network(model, "unlearning");
        return split(network, network.records().plan(request));
    }

    private static Split split(NeuralModel model, ForgetPlan plan) {
        int[] remaining = model.records().remainingRows();
        int[] forgotten = plan.rows();
        int[] kept = new int[remaining.length - forgotten.length];
        int k = 0;
        for (int i = 0; i < remaining.length; i++) {
            if (Arrays.binarySearch(forgotten, remaining[i]) < 0) {
                kept[k++] = i;
            }
        }
        return new Split(model.records().remainingData().select(Arrays.copyOf(kept, k)), model.records().data().select(forgotten));
    }

    /**
     * Forgets {@code request} with {@code methodName} and its {@code settings} (as {@code --set} gives
     * them). Deterministic: the same model, request, method and settings give the same weights.
     *
     * @throws InvalidInputException for an unknown method or setting, or a model that is not a network
     * @throws ForgetException       for a request these methods cannot serve (a feature, relabelling, every record)
     */
    public static ForgetReceipt forget(UnlearnableModel model, ForgetRequest request, String methodName,
                                       Map<String, String> settings) {
        UnlearningMethod method = UnlearningMethod.byName(methodName);
        NeuralModel network = network(model, "--method " + methodName);
        NeuralLearner learner = learner(network, network.provenance().seed());
        UnlearningMethod.Configured configured = method.configure(settings, network.provenance().seed(),
                learner.options().batchSize());
        return forget(network, request, new Pending() {
            @Override
            public void check(ForgetPlan plan) {
                requireRows(plan, methodName);
            }

            @Override
            public Applied apply(NeuralModel m, ForgetPlan plan) {
                Split s = split(m, plan);
                Checkpoint before = m.state();
                NetworkUnlearner unlearner = new NetworkUnlearner(learner, before, configured, encode(before, s.retain()),
                        encode(before, s.forget()));
                float[][] weights = unlearner.run();
                m.replaceState(new Checkpoint(before.encoder, before.classes, weights, zeros(weights), zeros(weights),
                        before.step), true);
                Map<String, String> details = new LinkedHashMap<>();
                details.put("method", method.id());
                configured.settings().forEach((k, v) -> details.put("method." + k, v));
                if (configured.stops()) {
                    // how soon the stopping rule fired (steps of the method, then the repair's), a fact of this request
                    details.put("method.steps-taken", Long.toString(unlearner.steps()));
                }
                return new Applied(Guarantee.APPROXIMATE, details);
            }
        });
    }

    /**
     * Forgets {@code request} exactly: the weights become those of the model's learner (its settings and
     * seed) trained from scratch on the remaining records, so the receipt is {@code EXACT}.
     *
     * @param retrained that retrain if the caller already has it (e.g. the first reference model of a
     *                  verification, trained with the model's seed on the same records), or null
     * @param details   facts for the receipt, e.g. why the approximate result was replaced
     */
    public static ForgetReceipt retrain(UnlearnableModel model, ForgetRequest request, Model retrained,
                                        Map<String, String> details) {
        NeuralModel network = network(model, "an exact retrain");
        return forget(network, request, new Pending() {
            @Override
            public void check(ForgetPlan plan) {
                requireRows(plan, "retrain");
            }

            @Override
            public Applied apply(NeuralModel m, ForgetPlan plan) {
                boolean reusable = retrained != null && retrained.family().equals(m.family())
                        && retrained.provenance().seed() == m.provenance().seed();
                Checkpoint fresh = reusable && retrained instanceof NeuralModel n ? n.state()
                        : reusable && retrained instanceof ReferenceNetwork r ? r.state()
                        : learner(m, m.provenance().seed()).fit(split(m, plan).retain()).state();
                m.replaceState(fresh, false);
                Map<String, String> out = new LinkedHashMap<>(details);
                out.put("method", "retrain");
                return new Applied(Guarantee.EXACT, out);
            }
        });
    }

    /** The model's learner (family and settings) with another seed: the reference models of a verification. */
    public static NeuralLearner learner(UnlearnableModel model, long seed) {
        NeuralModel network = network(model, "a reference model");
        return (NeuralLearner) ModelFamilies.byName(network.family()).learner(network.provenance().settings(), seed);
    }

    /**
     * A reference model of a verification without its training records: only its weights and input
     * scaling, which is all judging and the fall-back retrain need (and all the reference cache stores).
     */
    public static Model reference(Model trained) {
        return trained instanceof NeuralModel n ? ReferenceNetwork.of(n) : trained;
    }

    /** A reference's weights as bytes for the reference cache; no records, no optimiser state. */
    public static byte[] referenceBytes(Model reference) {
        if (reference instanceof ReferenceNetwork r) {
            return r.toBytes();
        }
        return ReferenceNetwork.of(network((UnlearnableModel) reference, "a reference model")).toBytes();
    }

    /**
     * Reads {@link #referenceBytes} back as a reference of {@code like}'s family and settings trained with
     * {@code seed}.
     *
     * @throws IOException if the bytes are not weights of such a network
     */
    public static Model referenceFromBytes(UnlearnableModel like, long seed, byte[] bytes) throws IOException {
        return ReferenceNetwork.fromBytes(network(like, "a reference model"), seed, bytes);
    }

    private static ForgetReceipt forget(NeuralModel network, ForgetRequest request, Pending pending) {
        network.pending(pending);
        try {
            return network.forget(request);
        } finally {
            network.pending(null);
        }
    }

    private static void requireRows(ForgetPlan plan, String method) {
        if (!plan.removesRows()) {
            throw new ForgetException(method + " unlearns records, a subject or a class; it cannot serve a "
                    + plan.request().kind() + " request (retrain without it, or use sisa)");
        }
    }

    private static NeuralModel network(UnlearnableModel model, String what) {
        if (model instanceof NeuralModel n) {
            return n;
        }
        throw new InvalidInputException(what + " applies to monolithic mlp and cnn networks; this model's family is "
                + LetheException.quote(model.family()) + ", which forgets with its own method (drop --method)");
    }

    private static EncodedRows encode(Checkpoint c, Dataset data) {
        return EncodedRows.of(c.encoder, data);
    }

    private static float[][] zeros(float[][] like) {
        float[][] out = new float[like.length][];
        for (int i = 0; i < like.length; i++) {
            out[i] = new float[like[i].length];
        }
        return out;
    }
}
