package dev.lethe.cli;

import dev.lethe.audit.reference.ReferenceModels;
import dev.lethe.audit.reference.ReferenceVerdict;
import dev.lethe.audit.reference.ReferenceVerifier;
import dev.lethe.data.Dataset;
import dev.lethe.djl.NeuralUnlearning;
import dev.lethe.model.ForgetException;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.ModelFile;
import dev.lethe.model.Settings;
import dev.lethe.model.UnlearnableModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options of {@code lethe forget} for networks that cannot forget exactly by themselves:
 * {@code --method} with {@code --set} (an approximate method, {@link NeuralUnlearning}), {@code --verify K}
 * (K reference models retrained without the data, trained once for the request and used for both the
 * verdict and the fall-back; {@link ReferenceVerifier}) and {@code --fallback} (what happens to a model
 * the verdict finds distinguishable: replaced by the exact retrain, whose receipt then says
 * {@code EXACT} and why, or refused, leaving the model file as it was).
 */
final class MethodForget {

    /** What to do with an unlearned model that is distinguishable from the references. */
    enum Fallback { retrain, none }

    @Option(names = "--method", paramLabel = "METHOD",
            description = "For mlp and cnn networks: forget approximately with finetune, gradient-ascent, neggrad+, scrub, "
                    + "salun or l1-sparse (receipt APPROXIMATE).")
    String method;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "A setting of --method (repeatable), e.g. epochs=3, rate=0.001, seed=7, alpha=0.9, sparsity=0.5.")
    List<String> settings = List.of();

    @Option(names = "--verify", paramLabel = "K", defaultValue = "0",
            description = "After --method, retrain K reference models without the data and judge the result against them.")
    int verify;

    @Option(names = "--fallback", paramLabel = "WHAT", defaultValue = "retrain",
            description = "With --verify, a distinguishable result is replaced by an exact retrain (retrain, the default) "
                    + "or refused (none).")
    Fallback fallback;

    @Option(names = "--test", paramLabel = "FILE", description = "With --verify: labelled held-out rows for a test-accuracy check.")
    Path test;

    boolean requested() {
        return method != null;
    }

    /** Refuses options that only make sense with {@code --method}. */
    void checkUsage() {
        if (method == null && (!settings.isEmpty() || verify != 0 || test != null)) {
            throw new Main.UserError("--set, --verify and --test go with --method (an approximate unlearning method for mlp or cnn)");
        }
        if (verify != 0 && (verify < 2 || verify > 64)) {
            throw new Main.UserError("--verify: expected 2 to 64 reference models, got " + verify);
        }
        if (test != null && verify == 0) {
            throw new Main.UserError("--test goes with --verify K");
        }
    }

    /** The model that forgot and its receipt. */
    record Outcome(UnlearnableModel model, ForgetReceipt receipt, ReferenceVerdict verdict) {
    }

    /**
     * Unlearns with the method and, with {@code --verify}, judges and maybe falls back. Changes only
     * models in memory; the caller writes the one returned.
     */
    Outcome forget(UnlearnableModel model, ForgetRequest request, PrintWriter out) {
        Map<String, String> parsed = Settings.parse(settings);
        if (verify == 0) {
            return new Outcome(model, NeuralUnlearning.forget(model, request, method, parsed), null);
        }
        byte[] original = ModelFile.toBytes(model);
        // the sets come from a copy: a forget erases its rows from the model's own records at commit; the test rows
        // are read in the copy's schema too, so their label indices are the ones the references and the model use
        UnlearnableModel copy = ModelFile.fromBytes(original);
        NeuralUnlearning.Split split = NeuralUnlearning.split(copy, request);
        Dataset held = test == null ? null : DataFiles.readFor(copy, test, true, new Progress(out, true)).dataset();
        ForgetReceipt approximate = NeuralUnlearning.forget(model, request, method, parsed);
        long seed = model.provenance().seed();
        ReferenceModels references = ReferenceModels.train(s -> NeuralUnlearning.learner(model, s), split.retain(), verify, seed);
        ReferenceVerdict verdict = ReferenceVerifier.judge(model, references, split.forget(), split.retain(), held,
                ReferenceVerifier.LEVEL);
        out.println("verification: " + method + " is " + verdict.summary());
        if (!verdict.distinguishable()) {
            return new Outcome(model, withDetails(approximate, verdict.details("verify.")), verdict);
        }
        if (fallback == Fallback.none) {
            throw new ForgetException("--method " + method + " left a model " + verdict.summary()
                    + "; --fallback none: nothing was changed (use --fallback retrain, more epochs, or another method)");
        }
        UnlearnableModel before = ModelFile.fromBytes(original);
        Map<String, String> details = new LinkedHashMap<>(verdict.details("replaced."));
        details.put("replaced.method", method);
        details.put("fallback", "retrain: the " + method + " result was distinguishable from retraining, so it was replaced by "
                + "an exact retrain from scratch on the remaining records");
        ForgetReceipt exact = NeuralUnlearning.retrain(before, request, references.models().get(0), details);
        out.println("fall-back: replaced by an exact retrain (receipt EXACT)");
        return new Outcome(before, exact, verdict);
    }

    private static ForgetReceipt withDetails(ForgetReceipt r, Map<String, String> extra) {
        Map<String, String> details = new LinkedHashMap<>(r.details());
        details.putAll(extra);
        return new ForgetReceipt(r.family(), r.requestKind(), r.request(), r.records(), r.guarantee(), r.elapsed(),
                r.digestBefore(), r.digestAfter(), r.at(), details);
    }
}
