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
import dev.lethe.spark.stats.DecrementalSparkModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code lethe bench spark}: for each master, trains nb and ridge by distributed aggregation and
 * SISA(nb, forest) with shards as Spark tasks, times single-subject forgets (medians over a few
 * subjects) against retraining, and the lake erasure (DELETE + VACUUM). Each master gets a fresh
 * session; the lake is written once.
 */
public final class SparkBenchmark {

    /** @param sisaRows rows collected to the driver for SISA (it trains on a Lethe dataset) */
    public record Config(String csv, String lake, long rows, long sisaRows, int shards, List<String> masters, int subjects) {
    }

    /** Timings of one master, in milliseconds. */
    public record Result(String master, Map<String, Double> millis) {
    }

    private SparkBenchmark() {
    }

    public static List<Result> run(Config c) {
        List<Result> results = new ArrayList<>();
        boolean written = false;
        for (String master : c.masters()) {
            SparkSession spark = session(master);
            Map<String, Double> t = new LinkedHashMap<>();
            if (!written) {
                t.put("write lake", time(() -> FertilityLake.write(spark, c.csv(), c.rows(), c.lake())));
                written = true;
            }
            LakeDataset lake = LakeDataset.open(spark, c.lake());
            List<String> subjects = spark.read().format("delta").load(c.lake()).select("subject").limit(c.subjects() * 4)
                    .distinct().limit(c.subjects()).collectAsList().stream().map(r -> r.getString(0)).toList();
            for (String family : new String[] {"nb", "ridge"}) {
                String label = family.equals("nb") ? FertilityLake.LABEL : FertilityLake.TARGET;
                double setting = family.equals("nb") ? 1e-9 : 1.0;
                DecrementalSparkModel[] m = new DecrementalSparkModel[1];
                t.put(family + " train", time(() -> m[0] = DecrementalSparkModel.fit(spark, lake, family, FertilityLake.FEATURES,
                        label, setting)));
                List<Double> forgets = new ArrayList<>();
                for (String subject : subjects) {
                    forgets.add(time(() -> m[0].forgetSubject(spark, subject)));
                }
                t.put(family + " forget (median)", median(forgets));
            }
            Dataset sample = FrameDatasets.toDataset(spark.read().format("delta").load(c.lake()).where(col("rid").lt(c.sisaRows())),
                    FertilityLake.FEATURES, FertilityLake.LABEL, "rid", "subject");
            for (String base : new String[] {"nb", "forest"}) {
                Map<String, String> settings = new LinkedHashMap<>(Map.of("base", base, "shards", Integer.toString(c.shards()),
                        "placement", "subject", "runner", "spark"));
                if (base.equals("forest")) {
                    settings.put("base.trees", "10");
                }
                UnlearnableModel[] m = new UnlearnableModel[1];
                t.put("sisa(" + base + ") train", time(() -> m[0] = (UnlearnableModel) ModelFamilies.byName("sisa").learner(settings, 7).fit(sample)));
                Map<String, String> mono = base.equals("forest") ? Map.of("trees", "10") : Map.of();
                t.put("sisa(" + base + ") monolithic retrain", time(() -> ModelFamilies.byName(base).learner(mono, 7).fit(sample)));
                List<Double> forgets = new ArrayList<>();
                for (int i = 0; i < c.subjects(); i++) {
                    String subject = sample.subjectId(i * 97 % sample.size());
                    forgets.add(time(() -> m[0].forget(new ForgetRequest.Subject(subject))));
                }
                t.put("sisa(" + base + ") forget (median)", median(forgets));
            }
            if (master.equals(c.masters().get(c.masters().size() - 1))) {
                long[] ids = spark.read().format("delta").load(c.lake()).where(col("subject").equalTo(subjects.get(0)))
                        .select("rid").collectAsList().stream().mapToLong(r -> r.getLong(0)).toArray();
                t.put("erase: DELETE + VACUUM (0 h, override)", time(() -> LakeEraser.erase(spark, lake, ids, VacuumPolicy.immediate())));
            }
            results.add(new Result(master, t));
        }
        return results;
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
                sb.append(' ').append(v == null ? "–" : String.format(Locale.ROOT, "%.0f ms", v)).append(" |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

}
