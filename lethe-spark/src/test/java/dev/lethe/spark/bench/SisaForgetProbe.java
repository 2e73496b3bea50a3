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

/** A quick loop, not a test: SISA(nb) forgets with the Spark runner and the local one. {@code LAKE BUCKETS MASTER FORGETS}. */
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
        for (String runner : System.getProperty("probe.runners", "spark,local,spark,local").split(",")) {
            Map<String, String> settings = new LinkedHashMap<>(Map.of("base", "nb", "shards", "32", "placement", "subject", "runner", runner));
            UnlearnableModel m = (UnlearnableModel) ModelFamilies.byName("sisa").learner(settings, 7).fit(data);
            List<Double> times = new ArrayList<>();
            List<Double> jobs = new ArrayList<>();
            long gc0 = java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).sum();
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
            System.err.printf(Locale.ROOT, "probe sisa %s per forget: GC %.1f ms, process CPU %.1f ms%n", runner, (gc1 - gc0) / (double) forgets,
                    (cpu1 - cpu0) / 1e6 / forgets);
            System.err.printf(Locale.ROOT, "probe sisa %s forget median %.1f ms, spark jobs median %.1f ms: %s%n", runner,
                    SparkBenchmark.median(times), SparkBenchmark.median(jobs), times);
        }
        System.exit(0);
    }
}
