package dev.lethe.spark.bench;

import static org.apache.spark.sql.functions.col;

import dev.lethe.data.Dataset;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.ModelFamilies;
import dev.lethe.model.UnlearnableModel;
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
 * {@code lethe bench spark}: for each master, trains nb and ridge by distributed aggregation and
 * SISA(nb, forest) with shards as Spark tasks, times single-subject forgets (medians over a few
 * subjects) against retraining, and the lake erasure (DELETE + VACUUM). Each master gets a fresh
 * session; the lake is written once.
 */
public final class SparkBenchmark {

    /** @param sisaRows rows collected to the driver for SISA (it trains on a Lethe dataset) */
    public record Config(String csv, String lake, long rows, long sisaRows, int shards, List<String> masters, int subjects,
                         int buckets) {
    }

    /** Timings of one master, in milliseconds. */
    public record Result(String master, Map<String, Double> millis) {
    }

    /** Trainings (and monolithic retrains) are timed this many times, the median reported: one run is too noisy for a ratio. */
    static final int TRAIN_RUNS = 3;

    private SparkBenchmark() {
    }

    public static List<Result> run(Config c) {
        List<Result> results = new ArrayList<>();
        FertilityLake.Written written = null;
        for (String master : c.masters()) {
            SparkSession spark = session(master);
            Map<String, Double> t = new LinkedHashMap<>();
            if (written == null) {
                written = FertilityLake.openOrWrite(spark, c.csv(), c.rows(), c.lake(), c.buckets());
                t.put("write lake (" + (written.writeMillis() > 0 ? "this run" : "reused") + ")", written.writeMillis());
            }
            LakeDataset lake = written.lake();
            SubjectBuckets buckets = written.buckets();
            long tableRows = spark.read().format("delta").load(c.lake()).count();
            List<String> subjects = subjects(c.subjects(), tableRows);
            LakeRows rows = new LakeRows(spark, c.lake(), buckets, "rid", "subject");
            for (String family : new String[] {LakeStatisticsFamily.NB, LakeStatisticsFamily.RIDGE}) {
                LakeStatisticsLearner learner = new LakeStatisticsLearner(family, Map.of(), 7);
                LakeStatisticsModel[] m = new LakeStatisticsModel[1];
                t.put(family + " train (median of " + TRAIN_RUNS + ")", median(TRAIN_RUNS, () -> m[0] = learner.fitLake(spark, c.lake(),
                        schema(family))));
                m[0].withRows(rows);
                List<Double> forgets = new ArrayList<>();
                for (String subject : subjects) {
                    forgets.add(time(() -> m[0].forget(new ForgetRequest.Subject(subject))));
                }
                t.put(family + " subject forget (median)", median(forgets));
            }
            // SISA trains on whole buckets (subject-complete, read alone thanks to the bucket partitions)
            int sampleBuckets = (int) Math.max(1, Math.min(buckets.buckets(), Math.ceil((double) c.sisaRows() * buckets.buckets() / tableRows)));
            Dataset[] sample = new Dataset[1];
            t.put("sisa sample read (" + sampleBuckets + " buckets)", time(() -> sample[0] = sample(spark, c.lake(), sampleBuckets)));
            t.put("sisa sample rows", (double) sample[0].size());
            for (String base : new String[] {"nb", "forest"}) {
                Map<String, String> settings = new LinkedHashMap<>(Map.of("base", base, "shards", Integer.toString(c.shards()),
                        "placement", "subject", "runner", "spark"));
                if (base.equals("forest")) {
                    settings.put("base.trees", "10");
                }
                UnlearnableModel[] m = new UnlearnableModel[1];
                t.put("sisa(" + base + ") train (median of " + TRAIN_RUNS + ")", median(TRAIN_RUNS,
                        () -> m[0] = (UnlearnableModel) ModelFamilies.byName("sisa").learner(settings, 7).fit(sample[0])));
                Map<String, String> mono = base.equals("forest") ? Map.of("trees", "10") : Map.of();
                t.put("sisa(" + base + ") monolithic retrain (median of " + TRAIN_RUNS + ")", median(TRAIN_RUNS,
                        () -> ModelFamilies.byName(base).learner(mono, 7).fit(sample[0])));
                t.put("sisa(" + base + ") monolithic retrain incl. reading its rows", time(() -> ModelFamilies.byName(base)
                        .learner(mono, 7).fit(sample(spark, c.lake(), sampleBuckets))));
                List<Double> forgets = new ArrayList<>();
                for (int i = 0; i < c.subjects(); i++) {
                    String subject = sample[0].subjectId(i * 97 % sample[0].size());
                    forgets.add(time(() -> m[0].forget(new ForgetRequest.Subject(subject))));
                }
                double forget = median(forgets);
                t.put("sisa(" + base + ") forget (median)", forget);
                t.put("sisa(" + base + ") forget speed-up vs in-memory retrain (x)",
                        t.get("sisa(" + base + ") monolithic retrain (median of " + TRAIN_RUNS + ")") / forget);
                t.put("sisa(" + base + ") forget speed-up vs retrain incl. read (x)",
                        t.get("sisa(" + base + ") monolithic retrain incl. reading its rows") / forget);
            }
            if (master.equals(c.masters().get(c.masters().size() - 1))) {
                // a subject no earlier run erased: the clock picks it
                String subject = subjects(1, tableRows, System.nanoTime()).get(0);
                long[] ids = rows.recordIds(new ForgetRequest.Subject(subject));
                Column scope = col(SubjectBuckets.COLUMN).equalTo(buckets.of(subject));
                t.put("erase: DELETE + VACUUM (0 h, override) + log scrub",
                        time(() -> LakeEraser.erase(spark, lake, ids, VacuumPolicy.immediate(), scope)));
            }
            results.add(new Result(master, t));
        }
        return results;
    }

    /** The rows of the first {@code buckets} subject buckets, as a Lethe dataset (whole subjects, read alone). */
    private static Dataset sample(SparkSession spark, String lake, int buckets) {
        return FrameDatasets.toDataset(spark.read().format("delta").load(lake).where(col(SubjectBuckets.COLUMN).lt(buckets)),
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

    /** A session on {@code master}: the running one is stopped when its master differs. */
    private static SparkSession session(String master) {
        SparkSession spark = LocalSpark.session(master);
        if (spark.sparkContext().master().equals(master)) {
            return spark;
        }
        spark.stop();
        SparkSession.clearActiveSession();
        SparkSession.clearDefaultSession();
        return LocalSpark.session(master);
    }

    private static double time(Supplier<?> r) {
        long s = System.nanoTime();
        r.get();
        return ms(s);
    }

    private static double median(int runs, Supplier<?> r) {
        List<Double> xs = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            xs.add(time(r));
        }
        return median(xs);
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
                sb.append(' ').append(v == null ? "–" : k.endsWith("sample rows") ? String.format(Locale.ROOT, "%.0f", v)
                        : k.endsWith("(x)") ? String.format(Locale.ROOT, "%.1f×", v)
                        : String.format(Locale.ROOT, "%.0f ms", v)).append(" |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

}
