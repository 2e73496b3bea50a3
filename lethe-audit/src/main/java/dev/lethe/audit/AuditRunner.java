package dev.lethe.audit;

import dev.lethe.audit.attack.LiraAttack;
import dev.lethe.audit.attack.LossAttack;
import dev.lethe.audit.attack.MembershipAttack;
import dev.lethe.audit.attack.ModelOutputs;
import dev.lethe.audit.attack.Population;
import dev.lethe.audit.attack.ShadowModelAttack;
import dev.lethe.audit.attack.ShadowPool;
import dev.lethe.audit.attack.Workers;
import dev.lethe.audit.metrics.AttackMetrics;
import dev.lethe.audit.metrics.ForgettingQuality;
import dev.lethe.audit.metrics.RocCurve;
import dev.lethe.audit.oracle.OracleResult;
import dev.lethe.audit.oracle.RetrainOracle;
import dev.lethe.data.Dataset;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.Learner;
import dev.lethe.model.ModelFamilies;
import dev.lethe.model.ModelFamily;
import dev.lethe.model.Provenance;
import dev.lethe.model.UnlearnableModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * Audits a model that has forgotten records: the library entry point behind {@code lethe audit}.
 *
 * <ol>
 * <li>the retrain oracle refits the model's learner on D \ S ({@link RetrainOracle});</li>
 * <li>N shadow models of the same learner train on random halves of training ∪ held-out data
 *     ({@link ShadowPool}), in parallel;</li>
 * <li>the LOSS, shadow-model and LiRA (offline, online) attacks score retained, forgotten and held-out
 *     records on both the unlearned and the retrained model;</li>
 * <li>per receipt (and for all forgotten records) a bootstrap interval says whether the forgotten
 *     records look the same to LiRA on both models ({@link ForgettingCheck});</li>
 * <li>optionally, repeated unlearn-vs-retrain runs give the NeurIPS 2023 forgetting quality
 *     ({@link RepeatedRuns}), and the accuracy-versus-deletions curve is measured per method
 *     ({@link DeletionCurves});</li>
 * <li>the most exposed training records are listed.</li>
 * </ol>
 */
public final class AuditRunner {

    private AuditRunner() {
    }

    public static AuditResult audit(UnlearnableModel model, Dataset trainData, Dataset testData, Set<Long> forgottenIds,
                                    AuditOptions options) {
        return audit(model, trainData, testData, forgottenIds, options, message -> { });
    }

    /**
     * @param model        the model to audit (after it forgot)
     * @param trainData    the data it was trained on (before forgetting; checked by fingerprint)
     * @param testData     held-out records it never saw, same schema
     * @param forgottenIds records that should be forgotten besides the model's own history (usually empty)
     * @param progress     receives a line per phase
     */
    public static AuditResult audit(UnlearnableModel model, Dataset trainData, Dataset testData, Set<Long> forgottenIds,
                                    AuditOptions options, Consumer<String> progress) {
        ModelFamily family = ModelFamilies.byName(model.family());
        Provenance p = model.provenance();
        LongFunction<Learner<?>> learners = seed -> family.learner(p.settings(), seed);
        Map<String, Long> phases = new LinkedHashMap<>();
        long t = System.nanoTime();

        // first, so that held-out data of another shape fails as a DataException before any work
        Population population = Population.of(trainData, testData, model.history().relabels());
        progress.accept("retraining " + family.name() + " on D \\ S");
        OracleResult oracle = RetrainOracle.run(family, model, trainData, testData, forgottenIds);
        t = lap(phases, "retrain oracle", t);
        Set<Long> forgotten = oracle.forgotten();
        SplittableRandom random = new SplittableRandom(options.seed());

        try (Workers workers = new Workers(options.threads())) {
            progress.accept("training " + options.shadowModels() + " shadow models on " + options.threads() + " threads");
            ShadowPool pool = ShadowPool.train(learners, population.data(), model.history().features(),
                    options.shadowModels(), options.seed(), workers);
            t = lap(phases, "shadow models", t);

            progress.accept("attacking");
            UnlearnableModel retrained = oracle.retrained();
            List<Callable<ModelOutputs>> scoring = List.of(() -> ModelOutputs.of(model, population.data()),
                    () -> ModelOutputs.of(retrained, population.data()));
            List<ModelOutputs> outputs = workers.all(scoring);
            ModelOutputs onUnlearned = outputs.get(0);
            ModelOutputs onRetrained = outputs.get(1);

            int[] forgottenRows = rows(population, forgotten, true, Integer.MAX_VALUE, random);
            int[] retainedRows = rows(population, forgotten, false, options.maxEvaluationRecords(), random);
            int[] heldOutRows = sample(heldOutRows(population), options.maxEvaluationRecords(), random);
            LiraAttack online = LiraAttack.online(pool);
            List<MembershipAttack> attacks = List.of(new LossAttack(),
                    ShadowModelAttack.train(pool, options.maxAttackExamples(), options.seed()),
                    LiraAttack.offline(pool), online);
            List<AttackOutcome> outcomes = new ArrayList<>();
            for (MembershipAttack attack : attacks) {
                outcomes.add(outcome(attack, onUnlearned, onRetrained, retainedRows, forgottenRows, heldOutRows));
            }
            t = lap(phases, "attacks", t);

            progress.accept("judging forgetting quality");
            List<ForgettingVerdict> verdicts = new ArrayList<>();
            if (forgottenRows.length > 0) {
                int[] bootHeldOut = sample(heldOutRows, 2000, random);
                verdicts.add(verdict("all " + forgottenRows.length + " forgotten records", commonGuarantee(options.receipts()),
                        online, onUnlearned, onRetrained, forgottenRows, bootHeldOut, options));
                for (ForgetReceipt receipt : options.receipts()) {
                    Set<Long> ids = new HashSet<>();
                    for (long id : receipt.records()) {
                        if (forgotten.contains(id)) {
                            ids.add(id);
                        }
                    }
                    if (!ids.isEmpty()) {
                        verdicts.add(verdict(scope(receipt, ids.size()), receipt.guarantee(), online,
                                onUnlearned, onRetrained, rows(population, ids, true, Integer.MAX_VALUE, random), bootHeldOut, options));
                    }
                }
            }
            ForgettingQuality.Result quality = null;
            if (options.repeatedRuns() > 0 && !forgotten.isEmpty()) {
                progress.accept(options.repeatedRuns() + " repeated unlearn-versus-retrain runs");
                Set<Long> sampled = sampleIds(forgotten, 1000, random);
                quality = RepeatedRuns.measure(learners, trainData, sampled, model.history().features(),
                        options.repeatedRuns(), options.delta(), options.seed(), workers);
            }
            t = lap(phases, "forgetting quality", t);

            List<ExposedRecord> exposed = exposure(population, trainData, model, online, onUnlearned, forgotten,
                    options.exposedRecords());

            progress.accept("measuring accuracy versus deletions");
            List<DeletionCurve> curves = curves(family, p, trainData, testData, options, random, workers);
            lap(phases, "deletion curves", t);
            return new AuditResult(family.name(), p, trainData.size(), testData.size(), oracle, outcomes, verdicts, quality,
                    exposed, curves, options, phases);
        }
    }

    /** How a receipt is named in the report: its request summary, except that a subject is never named. */
    static String scope(ForgetReceipt receipt, int records) {
        String what = receipt.requestKind().equals("subject") ? "subject request (" + records + " record" + (records == 1 ? "" : "s") + ")"
                : receipt.request();
        return receipt.family() + " " + what + ", " + receipt.at();
    }

    private static long lap(Map<String, Long> phases, String name, long start) {
        long now = System.nanoTime();
        phases.put(name, (now - start) / 1_000_000);
        return now;
    }

    private static dev.lethe.model.Guarantee commonGuarantee(List<ForgetReceipt> receipts) {
        if (receipts.isEmpty()) {
            return null;
        }
        dev.lethe.model.Guarantee g = receipts.get(0).guarantee();
        for (ForgetReceipt r : receipts) {
            if (!r.guarantee().equals(g)) {
                return dev.lethe.model.Guarantee.APPROXIMATE;
            }
        }
        return g;
    }

    private static AttackOutcome outcome(MembershipAttack attack, ModelOutputs unlearned, ModelOutputs retrained,
                                         int[] retainedRows, int[] forgottenRows, int[] heldOutRows) {
        double[] heldU = attack.score(unlearned, heldOutRows);
        double[] heldR = attack.score(retrained, heldOutRows);
        AttackMetrics members = retainedRows.length == 0 ? null : AttackMetrics.of(attack.score(unlearned, retainedRows), heldU);
        AttackMetrics membersR = retainedRows.length == 0 ? null : AttackMetrics.of(attack.score(retrained, retainedRows), heldR);
        if (forgottenRows.length == 0) {
            return new AttackOutcome(attack.name(), members, membersR, null, null, null, null);
        }
        RocCurve rocU = RocCurve.of(attack.score(unlearned, forgottenRows), heldU);
        RocCurve rocR = RocCurve.of(attack.score(retrained, forgottenRows), heldR);
        return new AttackOutcome(attack.name(), members, membersR, AttackMetrics.of(rocU), AttackMetrics.of(rocR), rocU, rocR);
    }

    private static ForgettingVerdict verdict(String scope, dev.lethe.model.Guarantee guarantee, LiraAttack attack,
                                             ModelOutputs unlearned, ModelOutputs retrained, int[] forgottenRows,
                                             int[] heldOutRows, AuditOptions options) {
        return ForgettingCheck.judge(scope, guarantee, attack.score(unlearned, forgottenRows), attack.score(unlearned, heldOutRows),
                attack.score(retrained, forgottenRows), attack.score(retrained, heldOutRows), options.bootstrapResamples(),
                options.confidenceLevel(), options.seed());
    }

    /** Population rows of training records that are (or are not) in {@code ids}, sampled down to {@code max}. */
    private static int[] rows(Population population, Set<Long> ids, boolean inside, int max, SplittableRandom random) {
        int[] out = new int[population.trainSize()];
        int n = 0;
        for (int i = 0; i < population.trainSize(); i++) {
            int row = population.trainRow(i);
            if (ids.contains(population.recordId(row)) == inside) {
                out[n++] = row;
            }
        }
        return sample(Arrays.copyOf(out, n), max, random);
    }

    private static int[] heldOutRows(Population population) {
        int[] out = new int[population.size() - population.trainSize()];
        for (int j = 0; j < out.length; j++) {
            out[j] = population.heldOutRow(j);
        }
        return out;
    }

    /** A random subset of at most {@code max} rows, in ascending order. */
    public static int[] sample(int[] rows, int max, SplittableRandom random) {
        if (rows.length <= max) {
            return rows;
        }
        int[] copy = rows.clone();
        for (int i = 0; i < max; i++) {
            int j = i + random.nextInt(copy.length - i);
            int tmp = copy[i];
            copy[i] = copy[j];
            copy[j] = tmp;
        }
        int[] out = Arrays.copyOf(copy, max);
        Arrays.sort(out);
        return out;
    }

    private static Set<Long> sampleIds(Set<Long> ids, int max, SplittableRandom random) {
        if (ids.size() <= max) {
            return ids;
        }
        long[] all = ids.stream().mapToLong(Long::longValue).sorted().toArray();
        int[] idx = new int[all.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Set<Long> out = new HashSet<>();
        for (int k : sample(idx, max, random)) {
            out.add(all[k]);
        }
        return out;
    }

    private static List<ExposedRecord> exposure(Population population, Dataset trainData, UnlearnableModel model,
                                                LiraAttack attack, ModelOutputs outputs, Set<Long> forgotten, int top) {
        int n = population.trainSize();
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = population.trainRow(i);
        }
        double[] scores = attack.score(outputs, all);
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
        List<ExposedRecord> out = new ArrayList<>();
        var target = trainData.schema().target();
        for (int k = 0; k < Math.min(top, n); k++) {
            int i = order[k];
            int row = all[i];
            long id = population.recordId(row);
            out.add(new ExposedRecord(id, target.format(population.data().target(row)), scores[i],
                    outputs.trueProb()[row], forgotten.contains(id)));
        }
        return out;
    }

    private static List<DeletionCurve> curves(ModelFamily family, Provenance p, Dataset trainData, Dataset testData,
                                              AuditOptions options, SplittableRandom random, Workers workers) {
        if (options.curveSteps() == 0) {
            return List.of();
        }
        List<String> names = options.curveFamilies().isEmpty() ? List.of(family.name()) : options.curveFamilies();
        int[] all = new int[testData.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        Dataset heldOut = testData.select(sample(all, options.maxEvaluationRecords(), random));
        List<Callable<DeletionCurve>> jobs = new ArrayList<>();
        for (String name : names) {
            jobs.add(() -> {
                ModelFamily f = ModelFamilies.byName(name);
                Learner<?> learner = f.name().equals(family.name()) ? f.learner(p.settings(), p.seed())
                        : f.learner(Map.of(), options.seed());
                return DeletionCurves.measure(name, learner, trainData, heldOut, options.curveSteps(),
                        options.forgetsPerStep(), options.seed());
            });
        }
        return workers.all(jobs);
    }
}
