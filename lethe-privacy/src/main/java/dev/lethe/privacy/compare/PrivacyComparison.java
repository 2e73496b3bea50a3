package dev.lethe.privacy.compare;

import dev.lethe.audit.AuditRunner;
import dev.lethe.audit.attack.LiraAttack;
import dev.lethe.audit.attack.ModelOutputs;
import dev.lethe.audit.attack.Population;
import dev.lethe.audit.attack.ShadowPool;
import dev.lethe.audit.attack.Workers;
import dev.lethe.audit.metrics.AttackMetrics;
import dev.lethe.data.Dataset;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.Guarantee;
import dev.lethe.model.InvalidInputException;
import dev.lethe.model.LetheException;
import dev.lethe.model.Model;
import dev.lethe.model.RefusedException;
import dev.lethe.model.UnlearnableModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Measures, on one dataset, what each protection buys: accuracy, membership-inference exposure (LiRA,
 * Carlini et al., IEEE S&amp;P 2022) and training time for the raw model, the model trained on
 * k-anonymous data (Mondrian, LeFevre et al., ICDE 2006), DP-SGD at several ε (Abadi et al., CCS
 * 2016), and exact unlearning of the audited records, the retrain-equivalent reference.
 *
 * <p>Per seed: the data is split in half (training, held out); the audit targets a random sample of
 * training records. Every configuration's pipeline trains the target on the training half and N shadows
 * on random halves of all rows; LiRA (online, global variance) scores the audited records (members)
 * against the held-out ones (non-members). Exact unlearning forgets the audited records from the raw
 * model and is scored with the raw shadows: were forgetting exact, they are non-members and the AUC is
 * near 0.5. Each figure of the report is the median over seeds.
 */
public final class PrivacyComparison {

    private PrivacyComparison() {
    }

    /**
     * @param data     a classification dataset
     * @param dataset  how to name it in the report
     * @param progress told of each phase as it starts, as one line: which configuration of how many, which
     *                 seed, and the phase (training the model or the shadows, forgetting, attacking)
     * @throws InvalidInputException on a bad option or column, before any work
     */
    public static ComparisonResult run(Dataset data, String dataset, CompareOptions o, Consumer<String> progress) {
        Dataset used = sample(data, o);
        Pipelines pipelines = validate(used, o);
        List<Configuration> configurations = Configuration.all(o);
        Map<Configuration, List<Trial>> trials = new LinkedHashMap<>();
        configurations.forEach(c -> trials.put(c, new ArrayList<>()));
        long start = System.nanoTime();
        long applicable = configurations.stream().filter(Configuration::applies).count();
        int trainRows = 0;
        int heldOut = 0;
        int audited = 0;
        try (Workers workers = new Workers(o.threads())) {
            for (int s = 0; s < o.seeds(); s++) {
                long seed = o.seed() + s;
                Dataset.Split split = used.split(0.5, seed);
                Population population = Population.of(split.first(), split.second(), Map.of());
                int[] auditedRows = auditedRows(population, Math.min(o.audited(), population.trainSize() / 2), seed);
                int[] heldOutRows = new int[population.size() - population.trainSize()];
                Arrays.setAll(heldOutRows, population::heldOutRow);
                trainRows = population.trainSize();
                heldOut = heldOutRows.length;
                audited = auditedRows.length;
                ShadowPool.Trainer raw = pipelines.raw();
                Audit audit = new Audit(population, split.first(), auditedRows, heldOutRows, seed, o.shadows(), workers);
                int done = 0;
                for (Configuration c : configurations) {
                    if (!c.applies()) {
                        continue;
                    }
                    String where = String.format(java.util.Locale.ROOT, "configuration %d of %d, seed %d of %d (%d): %s", ++done,
                            applicable, s + 1, o.seeds(), seed, c.name());
                    audit.phases = phase -> progress.accept(where + ": " + phase);
                    switch (c.kind()) {
                        case RAW -> trials.get(c).add(audit.measure(raw));
                        case K_ANONYMOUS -> trials.get(c).add(audit.measure(pipelines.anonymised((int) c.parameter(), true),
                                pipelines.anonymised((int) c.parameter(), false)));
                        case DP_SGD -> trials.get(c).add(audit.measure(pipelines.dp(c.parameter())));
                        case EXACT_UNLEARNING -> trials.get(c).add(audit.forgetAudited(raw));
                        default -> throw new IllegalStateException(c.kind().toString());
                    }
                }
            }
        }
        List<ConfigurationResult> results = new ArrayList<>();
        trials.forEach((c, t) -> results.add(new ConfigurationResult(c, t)));
        return new ComparisonResult(dataset, used.size(), used.numFeatures(), trainRows, heldOut, audited, o, results,
                (System.nanoTime() - start) / 1_000_000);
    }

    /** Every check that needs the data, so that bad input fails before anything is trained or written. */
    static Pipelines validate(Dataset data, CompareOptions o) {
        if (!data.schema().isClassification()) {
            throw new InvalidInputException("privacy compare needs a class label; " + LetheException.quote(data.schema().target().name())
                    + " is a regression target");
        }
        int train = (int) Math.round(data.size() * 0.5);
        if (train < 4 || data.size() - train < 2) {
            throw new InvalidInputException("privacy compare needs at least 8 rows (half train, half held out), got " + data.size());
        }
        Pipelines pipelines = new Pipelines(o);
        if (o.kAnonymityApplies()) {
            pipelines.quasiTable(data.select(new int[] {0}));
            for (int k : o.ks()) {
                if (k > train / 2) {
                    throw new InvalidInputException("--k " + k + " is larger than the data allows: each model trains on " + train
                            + " rows (half of the " + data.size() + " used), so k may be at most " + train / 2);
                }
            }
        }
        pipelines.validate();
        return pipelines;
    }

    private static Dataset sample(Dataset data, CompareOptions o) {
        if (o.rows() == 0 || o.rows() >= data.size()) {
            return data;
        }
        int[] first = new int[o.rows()];
        Arrays.setAll(first, i -> i);
        return data.shuffle(o.seed()).select(first);
    }

    private static int[] auditedRows(Population population, int count, long seed) {
        int[] rows = new int[population.trainSize()];
        Arrays.setAll(rows, population::trainRow);
        return AuditRunner.sample(rows, count, new SplittableRandom(seed ^ 0x5DEECE66DL));
    }

    /** One seed's split, audited records and workers; measures one configuration at a time. */
    private static final class Audit {

        private final Population population;
        private final Dataset train;
        private final int[] auditedRows;
        private final int[] heldOutRows;
        private final long seed;
        private final int shadows;
        private final Workers workers;
        /** The raw pipeline's attack, shared by the raw and the exact-unlearning rows. */
        private final Map<ShadowPool.Trainer, LiraAttack> attacks = new IdentityHashMap<>();
        /** Told of each phase of the configuration being measured. */
        Consumer<String> phases = phase -> { };

        Audit(Population population, Dataset train, int[] auditedRows, int[] heldOutRows, long seed, int shadows, Workers workers) {
            this.population = population;
            this.train = train;
            this.auditedRows = auditedRows;
            this.heldOutRows = heldOutRows;
            this.seed = seed;
            this.shadows = shadows;
            this.workers = workers;
        }

        Trial measure(ShadowPool.Trainer pipeline) {
            return measure(pipeline, pipeline);
        }

        /** The target by {@code target}, the shadows by {@code shadowPipeline} (the same pipeline, perhaps without its checks). */
        Trial measure(ShadowPool.Trainer target, ShadowPool.Trainer shadowPipeline) {
            phases.accept("training the model");
            long t = System.nanoTime();
            Model model = target.train(train, seed);
            long millis = (System.nanoTime() - t) / 1_000_000;
            return trial(model, attack(shadowPipeline), millis, guarantee(model));
        }

        /**
         * The raw model, then its forget of the audited records. When the family's forget is not EXACT the
         * row shows retraining without them instead (what exact unlearning must equal) and says so.
         */
        Trial forgetAudited(ShadowPool.Trainer raw) {
            phases.accept("training the raw model");
            UnlearnableModel model = (UnlearnableModel) raw.train(train, seed);
            phases.accept("forgetting " + auditedRows.length + " audited records");
            Set<Long> ids = new HashSet<>();
            for (int row : auditedRows) {
                ids.add(population.recordId(row));
            }
            long t = System.nanoTime();
            Map<String, String> guarantee = new LinkedHashMap<>();
            String notExact;
            try {
                ForgetReceipt receipt = model.forget(new ForgetRequest.Records(ids));
                guarantee.put("forget.guarantee", receipt.guarantee().toString());
                notExact = receipt.guarantee().equals(Guarantee.EXACT) ? null : "the family's forget is " + receipt.guarantee() + ", not EXACT";
            } catch (RefusedException e) {
                guarantee.put("forget.guarantee", "refused");
                notExact = "the family refused to forget them (" + e.getMessage() + ")";
            }
            long millis = (System.nanoTime() - t) / 1_000_000;
            Model forgotten = model;
            if (notExact != null) {
                phases.accept("retraining without them (" + notExact + ")");
                t = System.nanoTime();
                forgotten = raw.train(train.withoutRecords(ids::contains), seed);
                millis = (System.nanoTime() - t) / 1_000_000;
                guarantee.put("forget.note", notExact + ": retrained without them");
            }
            return trial(forgotten, attack(raw), millis, guarantee);
        }

        private LiraAttack attack(ShadowPool.Trainer pipeline) {
            LiraAttack known = attacks.get(pipeline);
            if (known != null) {
                return known;
            }
            phases.accept("training " + shadows + " shadow models");
            LiraAttack lira = LiraAttack.online(ShadowPool.train(pipeline, population.data(), shadows, seed, workers));
            attacks.put(pipeline, lira);
            return lira;
        }

        private Trial trial(Model model, LiraAttack lira, long millis, Map<String, String> guarantee) {
            phases.accept("attacking with LiRA");
            ModelOutputs outputs = ModelOutputs.of(model, population.data());
            AttackMetrics m = AttackMetrics.of(lira.score(outputs, auditedRows), lira.score(outputs, heldOutRows));
            int correct = 0;
            for (int row : heldOutRows) {
                correct += outputs.correct()[row] ? 1 : 0;
            }
            return new Trial(seed, (double) correct / heldOutRows.length, m.auc(), m.tprAt01(), millis, guarantee);
        }

        private static Map<String, String> guarantee(Model model) {
            Map<String, String> out = new LinkedHashMap<>();
            model.provenance().settings().forEach((k, v) -> {
                if (k.startsWith("dp.")) {
                    out.put(k, v);
                }
            });
            return out;
        }
    }
}
