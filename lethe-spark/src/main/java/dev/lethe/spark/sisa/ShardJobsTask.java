package dev.lethe.spark.sisa;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkContext;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction2;

/**
 * What each Spark task of {@link SparkShardRunner} runs: the encoded shard jobs of its partition (one job per
 * partition), returning their results. A named class run through {@link SparkContext#runJob}, not a lambda
 * through the Java RDD API: Spark's closure cleaner parses the class file that encloses a lambda with ASM
 * on every job (for the Java API's wrappers, {@code JavaRDDLike} and {@code RDD}): a one-task job took 11.5-16.8 ms
 * that way here and 6.0-9.8 ms this way, which the cleaner leaves alone (results/spark.md, twelfth session).
 *
 * @param <U> one job's result
 */
abstract sealed class ShardJobsTask<U> extends AbstractFunction2<TaskContext, Iterator<byte[]>, ArrayList<U>>
        implements Serializable {

    final FailureDrill drill;

    private ShardJobsTask(FailureDrill drill) {
        this.drill = drill;
    }

    /** One job where it landed: {@code index} is its task's (its partition's). */
    abstract U runOne(int index, byte[] job) throws IOException;

    @Override
    public ArrayList<U> apply(TaskContext context, Iterator<byte[]> jobs) {
        ArrayList<U> out = new ArrayList<>();
        while (jobs.hasNext()) {
            try {
                out.add(runOne(context.partitionId(), jobs.next()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /**
     * Runs {@code jobs} as one Spark job, one task each, and returns their results in job order. Spark's
     * {@code SparkException} (checked, from Scala) propagates when Spark gives up on a task.
     */
    @SuppressWarnings("unchecked")
    List<U> runAll(JavaSparkContext jsc, List<byte[]> jobs) {
        Object[] perTask = (Object[]) jsc.sc().runJob(jsc.parallelize(jobs, jobs.size()).rdd(), this,
                scala.reflect.ClassTag$.MODULE$.apply(ArrayList.class));
        List<U> out = new ArrayList<>();
        for (Object results : perTask) {
            out.addAll((List<U>) results);
        }
        return out;
    }

    /** Returns each job's state as the task's result, with its SHA-256. */
    static final class Returned extends ShardJobsTask<scala.Tuple2<String, byte[]>> {

        Returned(FailureDrill drill) {
            super(drill);
        }

        @Override
        scala.Tuple2<String, byte[]> runOne(int index, byte[] job) {
            return ShardTasks.runJob(index, job, drill);
        }
    }

    /** Writes each job's state under {@code root}/{@code run} and returns {@code path \t sha256 \t bytes}. */
    static final class Written extends ShardJobsTask<String> {

        private final String run;
        private final String root;

        Written(String run, String root, FailureDrill drill) {
            super(drill);
            this.run = run;
            this.root = root;
        }

        @Override
        String runOne(int index, byte[] job) throws IOException {
            return ShardTasks.runJob(run, index, job, root, drill);
        }
    }
}
