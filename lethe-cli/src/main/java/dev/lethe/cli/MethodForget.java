package dev.lethe.cli;

import dev.lethe.audit.reference.ReferenceCache;
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
 * verdict and the fall-back, and cached next to the model file until the model changes: {@link ReferenceVerifier},
 * {@link ReferenceCache}) and {@code --fallback} (what happens to a model
 * the verdict finds distinguishable: replaced by the exact retrain, whose receipt then says
 * {@code EXACT} and why, or refused, leaving the model file as it was).
 */
final class MethodForget {

    /** What to do with an unlearned model that is distinguishable from the references. */
    enum Fallback { retrain, sisa, none }

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
            description = "With --verify, a distinguishable result is replaced by an exact retrain (retrain, the default), "
                    + "by a SISA ensemble of the same network trained on the remaining records (sisa: later forgets are exact and "
                    + "retrain one shard), or refused (none).")
    Fallback fallback;

    @Option(names = "--test", paramLabel = "FILE", description = "With --verify: labelled held-out rows for a test-accuracy check.")
    Path test;

    /** Where {@code --verify} keeps its references between requests (null: nowhere). */
    private ReferenceCache cache;

    /** Caches references next to {@code modelFile}, the model this forget reads. */
    void cacheNextTo(Path modelFile) {
        cache = ReferenceCache.nextTo(modelFile);
    }

    /** The model file was replaced: its cached references belong to a version that is gone. */
    void modelReplaced() {
        if (cache != null) {
            cache.clear();
        }
    }

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
        ReferenceModels references = references(copy, split, out);
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
        Map<String, String> details = new LinkedHashMap<>(verdict.details("replaced."));
        details.put("replaced.method", method);
        if (fallback == Fallback.sisa) {
            return sisa(copy, approximate.digestBefore(), request, split, details, out, verdict);
        }
        UnlearnableModel before = ModelFile.fromBytes(original);
        details.put("fallback", "retrain: the " + method + " result was distinguishable from retraining, so it was replaced by "
                + "an exact retrain from scratch on the remaining records");
        ForgetReceipt exact = NeuralUnlearning.retrain(before, request, references.models().get(0), details);
        out.println("fall-back: replaced by an exact retrain (receipt EXACT)");
        return new Outcome(before, exact, verdict);
    }

    /**
     * The K references: from the cache next to the model file when this request was verified on this model
     * version before, otherwise trained (then cached). Only their weights are kept, in memory and on disk.
     */
    private ReferenceModels references(UnlearnableModel model, NeuralUnlearning.Split split, PrintWriter out) {
        long seed = model.provenance().seed();
        java.util.function.Supplier<ReferenceModels> train = () -> {
            ReferenceModels trained = ReferenceModels.train(s -> NeuralUnlearning.learner(model, s), split.retain(), verify, seed);
            return new ReferenceModels(trained.models().stream().map(NeuralUnlearning::reference).toList(), trained.seeds(),
                    trained.trainingNanos());
        };
        if (cache == null) {
            return train.get();
        }
        ReferenceCache.Key key = new ReferenceCache.Key(model.stateDigest(), ReferenceCache.forgetDigest(split.forget()),
                model.family() + " " + model.provenance().settings(), verify, seed);
        out.println(cache.contains(key) ? "references: " + verify + " read from " + cache.dir() + " (trained for this request before)"
                : "references: training " + verify + " without the data (cached in " + cache.dir() + " until the model changes)");
        return cache.trainOrLoad(key, new ReferenceCache.Codec() {
            @Override
            public byte[] write(dev.lethe.model.Model reference) {
                return NeuralUnlearning.referenceBytes(reference);
            }

            @Override
            public dev.lethe.model.Model read(long s, byte[] bytes) throws java.io.IOException {
                return NeuralUnlearning.referenceFromBytes(model, s, bytes);
            }
        }, train);
    }

    /**
     * The SISA fall-back (Bourtoule et al., IEEE S&amp;P 2021): an ensemble of the same network (its settings
     * as {@code base.*}, default shards) trained from scratch on the remaining records only, which never saw
     * the forgotten ones and forgets later requests exactly. It is a new model of family {@code sisa}: the
     * receipt is built here (EXACT, the forgotten record IDs, the old model's digest before), and the records
     * forgotten before this request are simply absent from it.
     */
    private static Outcome sisa(UnlearnableModel original, String digestBefore, ForgetRequest request,
                                NeuralUnlearning.Split split, Map<String, String> details, PrintWriter out,
                                ReferenceVerdict verdict) {
        long start = System.nanoTime();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("base", original.family());
        original.provenance().settings().forEach((k, v) -> settings.put("base." + k, v));
        UnlearnableModel ensemble = (UnlearnableModel) dev.lethe.model.ModelFamilies.byName("sisa")
                .learner(settings, original.provenance().seed()).fit(split.retain());
        long[] ids = new long[split.forget().size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = split.forget().recordId(i);
        }
        details.put("fallback", "sisa: the result was distinguishable from retraining, so the model was replaced by a SISA "
                + "ensemble of " + original.family() + " trained from scratch on the remaining records");
        ForgetReceipt receipt = new ForgetReceipt("sisa", request.kind(), request.summary(), ids, dev.lethe.model.Guarantee.EXACT,
                java.time.Duration.ofNanos(System.nanoTime() - start), digestBefore, ensemble.stateDigest(),
                java.time.Instant.now(), details);
        out.println("fall-back: replaced by a SISA ensemble trained on the remaining records (receipt EXACT)");
        return new Outcome(ensemble, receipt, verdict);
    }

    private static ForgetReceipt withDetails(ForgetReceipt r, Map<String, String> extra) {
        Map<String, String> details = new LinkedHashMap<>(r.details());
        details.putAll(extra);
        return new ForgetReceipt(r.family(), r.requestKind(), r.request(), r.records(), r.guarantee(), r.elapsed(),
                r.digestBefore(), r.digestAfter(), r.at(), details);
    }
}
