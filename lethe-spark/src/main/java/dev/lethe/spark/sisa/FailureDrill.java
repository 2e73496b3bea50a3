package dev.lethe.spark.sisa;

import java.io.Serializable;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;

/**
 * Shard tasks that fail on purpose, for tests: the first attempt of one task (a lost executor, which
 * Spark retries) or every attempt of one (Spark gives up, and the forget must come back as
 * {@code UNAVAILABLE}, never as a refusal). Set through {@link SparkShardRunner#FAIL_FIRST_ATTEMPT}
 * and {@link SparkShardRunner#FAIL_EVERY_ATTEMPT}; both unset in production, where nothing fails.
 */
record FailureDrill(int firstAttemptOf, int everyAttemptOf) implements Serializable {

    /** Task attempts failed on purpose in this JVM. */
    static final AtomicInteger SIMULATED = new AtomicInteger();

    static FailureDrill from(SparkConf conf) {
        return new FailureDrill(conf.getInt(SparkShardRunner.FAIL_FIRST_ATTEMPT, -1),
                conf.getInt(SparkShardRunner.FAIL_EVERY_ATTEMPT, -1));
    }

    /** Fails the running attempt of task {@code index} if the drill says so. */
    void failIfDrilled(int index) {
        TaskContext context = TaskContext.get();
        if (context == null) {
            return;
        }
        if (index == everyAttemptOf || index == firstAttemptOf && context.attemptNumber() == 0) {
            SIMULATED.incrementAndGet();
            throw new IllegalStateException("simulated loss of the executor running shard task " + index);
        }
    }
}
