package dev.lethe.spark.bench;

import dev.lethe.spark.LocalSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/** A quick loop, not a test: a one-task Spark job through the Java API's lambdas against SparkContext.runJob with a named function. {@code MASTER N}. */
public final class JobOverheadProbe {

    /** Not a closure to Spark's cleaner: a named class, not a lambda. */
    static final class Echo extends scala.runtime.AbstractFunction2<TaskContext, scala.collection.Iterator<byte[]>, byte[]>
            implements java.io.Serializable {
        @Override
        public byte[] apply(TaskContext c, scala.collection.Iterator<byte[]> it) {
            return it.next().clone();
        }
    }

    public static void main(String[] args) {
        SparkSession spark = LocalSpark.session(args[0]);
        int n = Integer.parseInt(args[1]);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<byte[]> one = List.of(new byte[100]);
        for (int round = 0; round < 3; round++) {
            List<Double> lambda = new ArrayList<>();
            List<Double> named = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                long s = System.nanoTime();
                jsc.parallelize(one, 1).mapPartitionsWithIndex((k, it) -> List.of(it.next().clone()).iterator(), true).collect();
                lambda.add((System.nanoTime() - s) / 1e6);
                s = System.nanoTime();
                spark.sparkContext().runJob(jsc.parallelize(one, 1).rdd(), new Echo(),
                        scala.reflect.ClassTag$.MODULE$.apply(byte[].class));
                named.add((System.nanoTime() - s) / 1e6);
            }
            System.err.printf(Locale.ROOT, "probe round %d: lambda job median %.2f ms, named runJob median %.2f ms%n", round,
                    SparkBenchmark.median(lambda), SparkBenchmark.median(named));
        }
        System.exit(0);
    }
}
