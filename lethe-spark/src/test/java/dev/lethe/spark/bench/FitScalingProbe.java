package dev.lethe.spark.bench;

import dev.lethe.data.Attribute;
import dev.lethe.data.Schema;
import dev.lethe.data.Task;
import dev.lethe.spark.LocalSpark;
import dev.lethe.spark.stats.LakeStatisticsFamily;
import dev.lethe.spark.stats.LakeStatisticsLearner;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

/**
 * A quick loop, not a test: times lake fits (nb, ridge) on each master in turn, in one JVM, with the
 * tasks' count and spread. {@code FitScalingProbe LAKE ROUNDS FITS master...}; each round visits the masters in
 * turn, every other round in reverse. {@code -Dprobe.warm=N}: untimed fits per family in round 0;
 * {@code -Dprobe.fromRound=R}: report only rounds from R on (round 0 warms the JVM for whichever master it visits
 * first); {@code -Dprobe.conf=k=v,...}: session settings; {@code -Dprobe.stages=true}: each stage's tasks. Per fit it
 * prints the threads started, Spark's Janino compilations (0 when every generated class came from Spark's code
 * cache) and the CPU of the JIT's compiler threads; at the end the CPU of every thread by name.
 */
public final class FitScalingProbe {

    public static void main(String[] args) {
        String lake = args[0];
        int rounds = Integer.parseInt(args[1]);
        int fits = Integer.parseInt(args[2]);
        List<String> masters = List.of(args).subList(3, args.length);
        java.util.Map<String, List<Double>> walls = new java.util.LinkedHashMap<>();
        java.util.Map<String, Long> byThread = new java.util.TreeMap<>();
        for (int r = 0; r < rounds; r++) {
            List<String> order = new ArrayList<>(masters);
            if (r % 2 == 1) {
                java.util.Collections.reverse(order);
            }
            for (String master : order) {
                SparkSession spark = LocalSpark.session(master);
                if (!spark.sparkContext().master().equals(master)) {
                    spark.stop();
                    SparkSession.clearActiveSession();
                    SparkSession.clearDefaultSession();
                    spark = LocalSpark.session(master);
                }
                for (String kv : System.getProperty("probe.conf", "").split(",")) {
                    if (!kv.isEmpty()) {
                        spark.conf().set(kv.split("=")[0], kv.split("=")[1]);
                    }
                }
                List<Long> tasks = java.util.Collections.synchronizedList(new ArrayList<>());
                spark.sparkContext().addSparkListener(new SparkListener() {
                    @Override
                    public void onTaskEnd(SparkListenerTaskEnd e) {
                        tasks.add(e.taskInfo().duration());
                    }

                    @Override
                    public void onStageCompleted(org.apache.spark.scheduler.SparkListenerStageCompleted e) {
                        if (Boolean.getBoolean("probe.stages")) {
                            System.err.println("probe stage " + e.stageInfo().name() + ": " + e.stageInfo().numTasks() + " tasks, "
                                    + ((Long) e.stageInfo().completionTime().get() - (Long) e.stageInfo().submissionTime().get()) + " ms");
                        }
                    }
                });
                for (String family : new String[] {LakeStatisticsFamily.NB, LakeStatisticsFamily.RIDGE}) {
                    LakeStatisticsLearner learner = new LakeStatisticsLearner(family, Map.of(), 7);
                    for (int i = 0; i < (r == 0 ? Integer.getInteger("probe.warm", 3) : 1); i++) {
                        learner.fitLake(spark, lake, schema(family));
                    }
                    for (int i = 0; i < fits; i++) {
                        tasks.clear();
                        long gc = gc();
                        long cpu = cpu();
                        Map<String, Long> before = threadTicks();
                        long threads = java.lang.management.ManagementFactory.getThreadMXBean().getTotalStartedThreadCount();
                        long janino = org.apache.spark.metrics.source.CodegenMetrics.METRIC_COMPILATION_TIME().getCount();
                        System.err.printf(Locale.ROOT, "probe fit-begin %s %s %d at %d%n", master, family, i,
                                java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
                        long s = System.nanoTime();
                        learner.fitLake(spark, lake, schema(family));
                        double ms = (System.nanoTime() - s) / 1e6;
                        Map<String, Long> after = threadTicks();
                        if (r < Integer.getInteger("probe.fromRound", 0)) {
                            continue;
                        }
                        System.err.printf(Locale.ROOT, "probe fit-end %s %s %d at %d: threads started %d, janino compilations %d, compiler threads %d ms%n", master, family, i,
                                java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime(),
                                java.lang.management.ManagementFactory.getThreadMXBean().getTotalStartedThreadCount() - threads,
                                org.apache.spark.metrics.source.CodegenMetrics.METRIC_COMPILATION_TIME().getCount() - janino,
                                10 * after.entrySet().stream().filter(e -> e.getKey().contains("CompilerThre"))
                                        .mapToLong(e -> e.getValue() - before.getOrDefault(e.getKey(), 0L)).sum());
                        after.forEach((k, v) -> byThread.merge(master + " " + family + " | " + k, v - before.getOrDefault(k, 0L), Long::sum));
                        walls.computeIfAbsent(master + " " + family, k -> new ArrayList<>()).add(ms);
                        List<Long> t;
                        synchronized (tasks) {
                            t = new ArrayList<>(tasks);
                        }
                        t.sort(null);
                        long sum = t.stream().mapToLong(Long::longValue).sum();
                        System.err.printf(Locale.ROOT, "probe %s %s: %.0f ms, cpu %.2fx, gc %d ms, %d tasks (%d..%d ms, sum %d)%n",
                                master, family, ms, (cpu() - cpu) / 1e6 / ms, gc() - gc, t.size(),
                                t.isEmpty() ? 0 : t.get(0), t.isEmpty() ? 0 : t.get(t.size() - 1), sum);
                    }
                }
            }
        }
        walls.forEach((k, v) -> System.err.printf(Locale.ROOT, "probe median %s: %.0f ms %s%n", k, SparkBenchmark.median(v), v));
        byThread.forEach((k, v) -> {
            if (v > 0) {
                System.err.println("probe cpu " + k + ": " + v * 10 + " ms");
            }
        });
        for (String f : new String[] {"nb", "ridge"}) {
            System.err.printf(Locale.ROOT, "probe speed-up %s: %.2fx%n", f, SparkBenchmark.median(walls.get(masters.get(0) + " " + f))
                    / SparkBenchmark.median(walls.get(masters.get(1) + " " + f)));
        }
        System.exit(0);
    }

    /** CPU time (ticks of 10 ms) of every native thread of this process, by name without digits. */
    private static Map<String, Long> threadTicks() {
        Map<String, Long> out = new java.util.HashMap<>();
        java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
        for (java.io.File t : tasks) {
            try {
                String stat = java.nio.file.Files.readString(t.toPath().resolve("stat"));
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]", "#");
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                out.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
            } catch (java.io.IOException | RuntimeException e) {
                // thread gone
            }
        }
        return out;
    }

    private static long gc() {
        return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).sum();
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static Schema schema(String family) {
        List<Attribute> features = FertilityLake.FEATURES.stream().map(Attribute::numeric).toList();
        return family.equals(LakeStatisticsFamily.NB)
                ? new Schema(features, Attribute.categorical(FertilityLake.LABEL, List.of("no", "yes")), Task.CLASSIFICATION)
                : new Schema(features, Attribute.numeric(FertilityLake.TARGET), Task.REGRESSION);
    }
}
