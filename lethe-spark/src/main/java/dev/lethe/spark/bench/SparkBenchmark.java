package dev.lethe.spark.bench;

import static org.apache.spark.sql.functions.col;

import dev.lethe.data.Dataset;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.ModelFamilies;
import dev.lethe.model.UnlearnableModel;
import dev.lethe.models.sisa.ResidentShards;
import dev.lethe.models.sisa.SisaModel;
import dev.lethe.spark.LocalSpark;
import dev.lethe.spark.frame.FrameDatasets;
import dev.lethe.spark.lake.LakeDataset;
import dev.lethe.spark.lake.LakeEraser;
import dev.lethe.spark.lake.VacuumPolicy;
import dev.lethe.data.Attribute;
import dev.lethe.data.Schema;
import dev.lethe.data.Task;
import dev.lethe.spark.home.LakeRows;
import dev.lethe.spark.lake.SubjectBuckets;
import dev.lethe.spark.stats.LakeStatisticsFamily;
import dev.lethe.spark.stats.LakeStatisticsLearner;
import dev.lethe.spark.stats.LakeStatisticsModel;
import org.apache.spark.sql.Column;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/**
 * {@code lethe bench spark}: trains nb and ridge by distributed aggregation on each master, in
 * alternating rounds (see {@link #TRAIN_ROUNDS}) after untimed warm-up fits on every master before any
 * timed one ({@link #WARM_UP_FITS}); then visits each master once more to time single-subject forgets
 * (medians over a few subjects) and SISA(nb, forest) with shards as Spark tasks against retraining the
 * monolithic base model on the same rows in the same run; on the last visit of all, the lake erasure
 * (DELETE + VACUUM). Each visit starts a fresh session; the lake is written once.
 *
 * <p>Every timed fit comes before any forget or SISA work. When a master's forget visit came between
 * the training visits (A B B A, with B's forgets and SISA in its second visit), A's last training visit
 * ran after B's SISA work and was 10-25 % slower, whichever master A was; fits alone, in the same
 * alternation, showed no such effect (results/spark.md).
 */
public final class SparkBenchmark {

    /** @param sisaRows rows collected to the driver for SISA (it trains on a Lethe dataset): whole subject buckets, all when ≥ rows */
    public record Config(String csv, String lake, long rows, long sisaRows, int shards, List<String> masters, int subjects,
                         int buckets) {
    }

    /** Timings of one master, in milliseconds. */
    public record Result(String master, Map<String, Double> millis) {
    }

    /**
     * Lake training is compared across masters in rounds: each round visits every master (the order
     * reversed every other round, so neither master always runs first or last), starts its session,
     * fits each family once untimed (JIT, Delta snapshot, code generation) and then times it this
     * many times. Medians over all visits are reported.
     */
    static final int TRAIN_ROUNDS = 4;
    static final int TIMED_FITS_PER_VISIT = 2;
    /**
     * Untimed fits of each family on every master before the timed rounds ({@link #warmUpFits}): ten, because the
     * planning, task set-up and file-open code of Spark, Delta and Hadoop that a fit runs only a few times
     * reaches C2 only after tens of fits. After three, the JIT still compiled for 150-830 ms in each timed
     * fit, on the idle second core under local[1] but against both task slots under local[2]; after about
     * twenty fits of a family it settles at 75-165 ms (fit7's probe, results/spark.md).
     */
    static final int WARM_UP_FITS = 10;
    /** Monolithic retrains are timed up to this many times, or until the budget below is spent. */
    static final int RETRAIN_RUNS = 3;
    static final double RETRAIN_BUDGET_MS = 60_000;

    /**
     * Subject forgets on the warm-up SISA model before the timed ones ({@link #warmUp}), at least, so that the
     * forget path's Spark job, task and shard-refit code is compiled as in a running service rather than after
     * as few forgets as are timed (five). A forget of the warm-up model's small shards costs a few milliseconds.
     */
    static final int WARM_UP_FORGETS = 40;
    /** The warm-up SISA model trains on every this many rows of the measured one's ({@link #warmUp}). */
    private static final int WARM_UP_EVERY = 8;

    private SparkBenchmark() {
    }

    public static List<Result> run(Config c) {
        Map<String, Map<String, Double>> byMaster = new LinkedHashMap<>();
        Map<String, Map<String, List<Double>>> trainings = new LinkedHashMap<>();
        c.masters().forEach(m -> {
            byMaster.put(m, new LinkedHashMap<>());
            trainings.put(m, new LinkedHashMap<>());
        });
        List<String> visits = visits(c.masters(), TRAIN_ROUNDS);
        FertilityLake.Written written = null;
        for (String master : c.masters()) { // every master warms up before any fit is timed
            SparkSession spark = session(master);
            System.err.println("bench spark: warm-up, " + master);
            if (written == null) {
                written = FertilityLake.openOrWrite(spark, c.csv(), c.rows(), c.lake(), c.buckets());
                put(byMaster.get(master), "write lake (" + (written.writeMillis() > 0 ? "this run" : "reused") + ")",
                        written.writeMillis());
            }
            warmUpFits(spark, c.lake());
        }
        for (int v = 0; v < visits.size(); v++) { // every timed fit before any forget or SISA work (class Javadoc)
            String master = visits.get(v);
            SparkSession spark = session(master);
            System.err.println("bench spark: training visit " + (v + 1) + " of " + visits.size() + ", " + master);
            timeLakeTraining(spark, c.lake(), trainings.get(master));
        }
        for (int m = 0; m < c.masters().size(); m++) {
            String master = c.masters().get(m);
            SparkSession spark = session(master);
            System.err.println("bench spark: forget visit, " + master);
            Map<String, Double> t = byMaster.get(master);
            trainings.get(master).forEach((k, xs) -> put(t, trainingKey(k, xs.size()), median(xs)));
            forgetsAndSisa(spark, c, written, untimedModels(spark, c.lake()), t, m == c.masters().size() - 1);
        }
        String first = c.masters().get(0);
        List<Result> results = new ArrayList<>();
        for (String master : c.masters()) {
            Map<String, Double> t = byMaster.get(master);
            for (String family : FAMILIES) {
                List<Double> mine = trainings.get(master).get(family + " train");
                put(t, family + " training speed-up over " + first + " (x)", median(trainings.get(first).get(family + " train"))
                        / median(mine));
            }
            results.add(new Result(master, t));
        }
        return results;
    }

    /** "nb train: GC share (%)" with n samples becomes "nb train (median of n): GC share (%)". */
    static String trainingKey(String metric, int n) {
        int colon = metric.indexOf(':');
        String median = " (median of " + n + ")";
        return colon < 0 ? metric + median : metric.substring(0, colon) + median + metric.substring(colon);
    }

    private static final String[] FAMILIES = {LakeStatisticsFamily.NB, LakeStatisticsFamily.RIDGE};

    /** Each master {@code rounds} times; odd rounds in reverse order (A B, B A, …). */
    static List<String> visits(List<String> masters, int rounds) {
        List<String> out = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            List<String> round = new ArrayList<>(masters);
            if (r % 2 == 1) {
                java.util.Collections.reverse(round);
            }
            out.addAll(round);
        }
        return out;
    }

    /**
     * Untimed fits on each master before any fit is timed: the JIT compiles the fit's paths (Spark's
     * generated code included) over tens of fits, and a master timed while another had not yet warmed up
     * would pay for the compiling in its timed fits.
     */
    private static void warmUpFits(SparkSession spark, String lake) {
        for (int i = 0; i < WARM_UP_FITS; i++) {
            for (String family : FAMILIES) {
                new LakeStatisticsLearner(family, Map.of(), 7).fitLake(spark, lake, schema(family));
            }
        }
    }

    /**
     * One visit's lake training: per family one untimed fit, then {@link #TIMED_FITS_PER_VISIT} timed
     * ones, each with where its time went ({@link JobClock}: the driver alone, the slots' use), the
     * JVM's GC time and the process's CPU time over wall time (how many cores the fit actually got: on
     * a shared machine local[2] may get fewer than two, and GC and JIT threads run beside the slots).
     */
    private static void timeLakeTraining(SparkSession spark, String lake, Map<String, List<Double>> samples) {
        JobClock clock = JobClock.on(spark.sparkContext());
        int slots = LocalSpark.cores(spark.sparkContext().master());
        for (String family : FAMILIES) {
            LakeStatisticsLearner learner = new LakeStatisticsLearner(family, Map.of(), 7);
            learner.fitLake(spark, lake, schema(family));
            for (int i = 0; i < TIMED_FITS_PER_VISIT; i++) {
                clock.settle();
                clock.reset();
                long gc = gcMillis();
                long cpu = cpuNanos();
                long start = System.nanoTime();
                learner.fitLake(spark, lake, schema(family));
                double wall = ms(start);
                double cpuMillis = (cpuNanos() - cpu) / 1e6;
                double gcMillis = gcMillis() - gc;
                clock.settle();
                JobClock.Reading jobs = clock.read();
                String key = family + " train";
                samples.computeIfAbsent(key, k -> new ArrayList<>()).add(wall);
                samples.computeIfAbsent(key + ": driver alone, no job running (%)", k -> new ArrayList<>()).add(100 * jobs.driverShare(wall));
                samples.computeIfAbsent(key + ": task slots busy while jobs ran (%)", k -> new ArrayList<>()).add(100 * jobs.slotUse(slots));
                samples.computeIfAbsent(key + ": tasks", k -> new ArrayList<>()).add((double) jobs.tasks());
                samples.computeIfAbsent(key + ": GC share (%)", k -> new ArrayList<>()).add(100.0 * gcMillis / wall);
                samples.computeIfAbsent(key + ": process CPU over wall time (x)", k -> new ArrayList<>()).add(cpuMillis / wall);
            }
        }
    }

    /** One model per family for a forget visit's subject forgets, fitted untimed. */
    private static Map<String, LakeStatisticsModel> untimedModels(SparkSession spark, String lake) {
        Map<String, LakeStatisticsModel> models = new LinkedHashMap<>();
        for (String family : FAMILIES) {
            models.put(family, new LakeStatisticsLearner(family, Map.of(), 7).fitLake(spark, lake, schema(family)));
        }
        return models;
    }

    private static void forgetsAndSisa(SparkSession spark, Config c, FertilityLake.Written written,
                                       Map<String, LakeStatisticsModel> models, Map<String, Double> t, boolean erase) {
        LakeDataset lake = written.lake();
        SubjectBuckets buckets = written.buckets();
        long tableRows = spark.read().format("delta").load(c.lake()).count();
        List<String> subjects = subjects(c.subjects(), tableRows);
        LakeRows rows = new LakeRows(spark, c.lake(), buckets, "rid", "subject");
        for (String family : FAMILIES) {
            LakeStatisticsModel m = models.get(family);
            m.withRows(rows);
            List<Double> forgets = new ArrayList<>();
            for (String subject : subjects) {
                forgets.add(time(() -> m.forget(new ForgetRequest.Subject(subject))));
            }
            put(t, family + " subject forget (median)", median(forgets));
        }
        sisa(spark, c, buckets, tableRows, t);
        if (erase) {
            // a subject no earlier run erased: the clock picks it
            String subject = subjects(1, tableRows, System.nanoTime()).get(0);
            long[] ids = rows.recordIds(new ForgetRequest.Subject(subject));
            Column scope = col(SubjectBuckets.COLUMN).equalTo(buckets.of(subject));
            put(t, "erase: DELETE + VACUUM (0 h, override) + log scrub",
                    time(() -> LakeEraser.erase(spark, lake, ids, VacuumPolicy.immediate(), scope)));
        }
    }

    /**
     * SISA(nb, forest) with {@code shards} shards on the first {@code sisaRows} rows' worth of whole
     * subject buckets (all of them when {@code sisaRows} ≥ the table), against the monolithic base
     * model retrained on the same rows in the same run: in memory, and with the time to read those rows.
     */
    private static void sisa(SparkSession spark, Config c, SubjectBuckets buckets, long tableRows, Map<String, Double> t) {
        int sampleBuckets = (int) Math.max(1, Math.min(buckets.buckets(), Math.ceil((double) c.sisaRows() * buckets.buckets() / tableRows)));
        Dataset[] sample = new Dataset[1];
        double read = time(() -> sample[0] = sample(spark, c.lake(), sampleBuckets, sampleBuckets == buckets.buckets()));
        put(t, "sisa rows read (" + sampleBuckets + " of " + buckets.buckets() + " buckets)", read);
        put(t, "sisa rows", (double) sample[0].size());
        for (String base : new String[] {"nb", "forest"}) {
            Map<String, String> settings = new LinkedHashMap<>(Map.of("base", base, "shards", Integer.toString(c.shards()),
                    "placement", "subject", "runner", "spark"));
            if (base.equals("forest")) {
                settings.put("base.trees", "10");
            }
            Map<String, String> mono = base.equals("forest") ? Map.of("trees", "10") : Map.of();
            List<Double> retrains = new ArrayList<>();
            collectGarbage();
            double spent = 0;
            while (retrains.size() < RETRAIN_RUNS && spent < RETRAIN_BUDGET_MS) {
                double ms = time(() -> ModelFamilies.byName(base).learner(mono, 7).fit(sample[0]));
                retrains.add(ms);
                spent += ms;
            }
            double retrain = median(retrains);
            put(t, "sisa(" + base + ") monolithic retrain, in memory (median)", retrain);
            put(t, "sisa(" + base + ") monolithic retrains timed", retrains.size());
            put(t, "sisa(" + base + ") monolithic retrain incl. reading its rows (read + median)", read + retrain);
            int warmUpForgets = Math.max(WARM_UP_FORGETS, c.subjects());
            put(t, "sisa(" + base + ") warm-up forgets on a separate model of " + warmUp(sample[0], settings, warmUpForgets)
                    + " rows (the measured model loses none)", warmUpForgets);
            UnlearnableModel[] m = new UnlearnableModel[1];
            put(t, "sisa(" + base + ") train (1 run)",
                    time(() -> m[0] = (UnlearnableModel) ModelFamilies.byName("sisa").learner(settings, 7).fit(sample[0])));
            List<Double> forgets = new ArrayList<>();
            collectGarbage();
            long gc = gcMillis();
            for (int i = 0; i < c.subjects(); i++) {
                String subject = sample[0].subjectId(i * 97 % sample[0].size());
                forgets.add(time(() -> m[0].forget(new ForgetRequest.Subject(subject))));
            }
            put(t, "sisa(" + base + ") GC during the timed forgets (all of them)", gcMillis() - gc);
            System.err.println("bench spark: sisa(" + base + ") forgets in order (ms): " + forgets);
            releaseResidentRows(m[0]);
            m[0] = null;
            double forget = median(forgets);
            put(t, "sisa(" + base + ") first forget (builds the model's record and subject indexes)", forgets.get(0));
            put(t, "sisa(" + base + ") forget (median)", forget);
            put(t, "sisa(" + base + ") forget speed-up vs in-memory retrain (x)", retrain / forget);
            put(t, "sisa(" + base + ") forget speed-up vs retrain incl. read (x)", (read + retrain) / forget);
        }
    }

    /**
     * Warms the JIT up on SISA's forget path with {@code forgets} subject forgets on a separate SISA model
     * trained on every {@value #WARM_UP_EVERY}th row, so that the master measured first does not pay for
     * compiling it in its timed forgets while the measured model forgets nothing before timing.
     *
     * @return the warm-up model's rows
     */
    private static int warmUp(Dataset sample, Map<String, String> settings, int forgets) {
        Dataset small = sample.select(java.util.stream.IntStream.range(0, sample.size()).filter(i -> i % WARM_UP_EVERY == 0).toArray());
        UnlearnableModel warm = (UnlearnableModel) ModelFamilies.byName("sisa").learner(settings, 11).fit(small);
        for (int i = 0; i < forgets; i++) {
            warm.forget(new ForgetRequest.Subject(small.subjectId(i * 97 % small.size())));
        }
        releaseResidentRows(warm);
        return small.size();
    }

    /** The rows of the first {@code buckets} subject buckets, as a Lethe dataset (whole subjects, read alone). */
    private static Dataset sample(SparkSession spark, String lake, int buckets, boolean all) {
        org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> table = spark.read().format("delta").load(lake);
        return FrameDatasets.toDataset(all ? table : table.where(col(SubjectBuckets.COLUMN).lt(buckets)),
                FertilityLake.FEATURES, FertilityLake.LABEL, "rid", "subject");
    }

    /** Subjects of the replicated table ("copy-quad", four rows each), spread over copies and rows. */
    static List<String> subjects(int n, long tableRows) {
        return subjects(n, tableRows, 0);
    }

    private static List<String> subjects(int n, long tableRows, long salt) {
        long copies = Math.max(1, tableRows / FertilityLake.BASE_ROWS);
        long quads = FertilityLake.BASE_ROWS / 4;
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long k = Math.floorMod(salt + 7919L * (i + 1), quads);
            out.add(Math.floorMod(salt / 7 + 13L * (i + 1), copies) + "-" + k);
        }
        return out;
    }

    /** The registry schema the lake models see: Fertility's 7 numeric features; nb's classes, ridge's 0/1 target. */
    private static Schema schema(String family) {
        List<Attribute> features = FertilityLake.FEATURES.stream().map(Attribute::numeric).toList();
        return family.equals(LakeStatisticsFamily.NB)
                ? new Schema(features, Attribute.categorical(FertilityLake.LABEL, List.of("no", "yes")), Task.CLASSIFICATION)
                : new Schema(features, Attribute.numeric(FertilityLake.TARGET), Task.REGRESSION);
    }

    /**
     * A new session on {@code master}, the previous one stopped: every visit starts from one, so that all
     * visits are alike (with A B B A, the middle master's second visit used to reuse its first one's
     * session). It did not remove the advantage of the master listed second (results/spark.md).
     */
    private static SparkSession session(String master) {
        scala.Option<SparkSession> previous = SparkSession.getDefaultSession();
        if (previous.isDefined()) {
            previous.get().stop();
        }
        SparkSession.clearActiveSession();
        SparkSession.clearDefaultSession();
        return LocalSpark.session(master);
    }

    private static double time(Supplier<?> r) {
        long s = System.nanoTime();
        r.get();
        return ms(s);
    }

    /** Records a figure, and prints it to stderr as it comes: a run that fails later still leaves what it measured. */
    private static void put(Map<String, Double> t, String key, double value) {
        t.put(key, value);
        System.err.printf(Locale.ROOT, "bench spark: %s = %.2f%n", key, value);
    }

    /**
     * A full collection before a timed step, so that no step pays for collecting what an earlier one left,
     * as JMH's {@code -gc true} does between iterations.
     */
    private static void collectGarbage() {
        System.gc();
    }

    /**
     * Releases a measured SISA model's resident shard rows (a copy of its rows, held for the Spark tasks) now
     * rather than when a collection finds the model, so that no later step runs beside them on a 5 GB heap. It
     * did not remove the slow second SISA(nb) forget visit that some runs show (results/spark.md).
     */
    private static void releaseResidentRows(UnlearnableModel sisa) {
        ResidentShards.release(((SisaModel) sisa).residence());
    }

    private static long gcMillis() {
        return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).sum();
    }

    private static long cpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    private static double ms(long start) {
        return (System.nanoTime() - start) / 1e6;
    }

    static double median(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    /** The results as a Markdown table, one column per master. */
    public static String table(List<Result> results) {
        StringBuilder sb = new StringBuilder("| step |");
        results.forEach(r -> sb.append(' ').append(r.master()).append(" |"));
        sb.append("\n|---|").append("---:|".repeat(results.size())).append('\n');
        List<String> keys = new ArrayList<>();
        results.forEach(r -> r.millis().keySet().stream().filter(k -> !keys.contains(k)).forEach(keys::add));
        for (String k : keys) {
            sb.append("| ").append(k).append(" |");
            for (Result r : results) {
                Double v = r.millis().get(k);
                sb.append(' ').append(v == null ? "–" : k.endsWith("rows") || k.endsWith("tasks") || k.endsWith("timed") ? String.format(Locale.ROOT, "%.0f", v)
                        : k.endsWith("(x)") ? String.format(Locale.ROOT, "%.2f×", v)
                        : k.endsWith("(%)") ? String.format(Locale.ROOT, "%.0f %%", v)
                        : String.format(Locale.ROOT, "%.0f ms", v)).append(" |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

}
