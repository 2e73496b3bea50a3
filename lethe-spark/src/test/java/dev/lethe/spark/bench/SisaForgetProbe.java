package dev.lethe.spark.bench;

import static org.apache.spark.sql.functions.col;

import dev.lethe.data.Dataset;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.ModelFamilies;
import dev.lethe.model.UnlearnableModel;
import dev.lethe.spark.LocalSpark;
import dev.lethe.spark.frame.FrameDatasets;
import dev.lethe.spark.lake.SubjectBuckets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;

/**
 * A quick loop, not a test: SISA forgets with the Spark runner and the local one. {@code LAKE BUCKETS MASTER FORGETS};
 * {@code -Dprobe.runners=spark:nb,spark:forest,...} (runner, optionally ":" and the base, nb by default).
 */
public final class SisaForgetProbe {

    public static void main(String[] args) {
        SparkSession spark = LocalSpark.session(args[2]);
        int forgets = Integer.parseInt(args[3]);
        long[] job = new long[2];
        spark.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart e) {
                job[0] = System.nanoTime();
            }

            @Override
            public void onJobEnd(SparkListenerJobEnd e) {
                job[1] += System.nanoTime() - job[0];
            }
        });
        Dataset data = FrameDatasets.toDataset(spark.read().format("delta").load(args[0])
                .where(col(SubjectBuckets.COLUMN).lt(Integer.parseInt(args[1]))), FertilityLake.FEATURES, FertilityLake.LABEL, "rid", "subject");
        System.err.println("probe rows " + data.size());
        for (int r = 0; r < 3; r++) {
            long s = System.nanoTime();
            ModelFamilies.byName("nb").learner(Map.of(), 7).fit(data);
            System.err.printf(Locale.ROOT, "probe mono nb fit %.1f ms%n", (System.nanoTime() - s) / 1e6);
        }
        if (Boolean.getBoolean("probe.parts")) {
            parts(spark, data);
        }
        for (String spec : System.getProperty("probe.runners", "spark,local,spark,local").split(",")) {
            String runner = spec.contains(":") ? spec.substring(0, spec.indexOf(':')) : spec; // runner[:base]
            String base = spec.contains(":") ? spec.substring(spec.indexOf(':') + 1) : "nb";
            Map<String, String> settings = new LinkedHashMap<>(Map.of("base", base, "shards", "32", "placement", "subject", "runner", runner));
            if (base.equals("forest")) {
                settings.put("base.trees", "10");
            }
            UnlearnableModel m = (UnlearnableModel) ModelFamilies.byName("sisa").learner(settings, 7).fit(data);
            List<Double> times = new ArrayList<>();
            List<Double> jobs = new ArrayList<>();
            long gc0 = java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).sum();
            long[] threads0 = javaThreads();
            long cpu0 = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
            for (int i = 0; i < forgets; i++) {
                String subject = data.subjectId((i * 97 + 13) % data.size());
                job[1] = 0;
                long s = System.nanoTime();
                m.forget(new ForgetRequest.Subject(subject));
                times.add((System.nanoTime() - s) / 1e6);
                jobs.add(job[1] / 1e6);
            }
            long gc1 = java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).sum();
            long cpu1 = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
            long[] threads1 = javaThreads();
            System.err.printf(Locale.ROOT, "probe sisa %s per forget: Java threads' CPU %.1f ms (no JIT, no GC), allocated %.1f MB%n", runner,
                    (threads1[0] - threads0[0]) / 1e6 / forgets, (threads1[1] - threads0[1]) / 1e6 / forgets);
            System.err.printf(Locale.ROOT, "probe sisa %s per forget: GC %.1f ms, process CPU %.1f ms%n", runner, (gc1 - gc0) / (double) forgets,
                    (cpu1 - cpu0) / 1e6 / forgets);
            System.err.printf(Locale.ROOT, "probe sisa %s forget median %.1f ms, spark jobs median %.1f ms: %s%n", spec,
                    SparkBenchmark.median(times), SparkBenchmark.median(jobs), times);
        }
        System.exit(0);
    }

    /** CPU nanoseconds and bytes allocated so far by the live Java threads (compiler and GC threads are not among them). */
    private static long[] javaThreads() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long[] ids = mx.getAllThreadIds();
        long cpu = 0;
        long allocated = 0;
        for (long id : ids) {
            cpu += Math.max(0, mx.getThreadCpuTime(id));
            allocated += Math.max(0, mx.getThreadAllocatedBytes(id));
        }
        return new long[] {cpu, allocated};
    }

    /** Medians of a shard-sized refit's parts and of Spark's fixed cost for a one-task job (small and ~1.26 MB results). */
    private static void parts(SparkSession spark, Dataset data) {
        int[] rows = java.util.stream.IntStream.range(0, data.size()).filter(i -> i % 32 == 5).toArray();
        Dataset shard = data.select(rows);
        org.apache.spark.api.java.JavaSparkContext jsc = org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext());
        Map<String, Runnable> parts = new LinkedHashMap<>();
        parts.put("nb fit of " + rows.length + " rows", () -> ModelFamilies.byName("nb").learner(Map.of(), 7).fit(shard));
        parts.put("fingerprint", shard::fingerprint);
        parts.put("requireSafe", () -> dev.lethe.data.Magnitudes.requireSafe(shard, "nb"));
        parts.put("one-task job, 16-byte result", () -> jsc.parallelize(List.of(1), 1).map(x -> new byte[16]).collect());
        parts.put("one-task job, 1.26 MB result", () -> jsc.parallelize(List.of(1), 1).map(x -> new byte[1_260_000]).collect());
        parts.put("one-task job, 0.9 MB result", () -> jsc.parallelize(List.of(1), 1).map(x -> new byte[900_000]).collect());
        for (Map.Entry<String, Runnable> p : parts.entrySet()) {
            List<Double> t = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                long s = System.nanoTime();
                p.getValue().run();
                t.add((System.nanoTime() - s) / 1e6);
            }
            System.err.printf(Locale.ROOT, "probe part %s: median %.1f ms (last 15 %.1f)%n", p.getKey(), SparkBenchmark.median(t),
                    SparkBenchmark.median(t.subList(10, 25)));
        }
    }
}
