package dev.lethe.models.sisa;

import java.util.List;
import java.util.function.Supplier;

/**
 * Where SISA's shards train: a plug-in found with {@link java.util.ServiceLoader} (register in
 * {@code META-INF/services/dev.lethe.models.sisa.ShardRunner}) and chosen with the sisa setting
 * {@code runner=<name>} ({@value LocalShardRunner#NAME} by default). Shards are isolated
 * (Bourtoule et al., "Machine Unlearning", IEEE S&amp;P 2021, §IV-B), so a runner may execute their
 * tasks in any order and anywhere — threads here ({@link LocalShardRunner}), executors of a cluster
 * elsewhere — without changing the model.
 */
public interface ShardRunner {

    /** The name the {@code runner} setting uses. */
    String name();

    /**
     * Runs every task exactly once and returns their results in task order.
     *
     * @param parallelism how many tasks may run at once; 0 leaves it to the runner
     * @throws RuntimeException the exception of a task that failed (then no result is returned)
     */
    <T> List<T> runAll(List<? extends Supplier<T>> tasks, int parallelism);

    /**
     * Whether results cross to another JVM (a cluster's executors): SISA then has each task return
     * its shard as bytes in the model file codec ({@code T} is {@code byte[]}), never a Java object.
     */
    default boolean shipsBytes() {
        return false;
    }

    /**
     * Whether the runner ships whole jobs to where they run (executors of another JVM): SISA then
     * hands {@link #runJobs} each shard's job encoded by {@link PortableShardJob} instead of tasks.
     */
    default boolean shipsJobs() {
        return false;
    }

    /**
     * Runs encoded shard jobs ({@link PortableShardJob#run} on each, wherever the runner puts it) and
     * returns their shard states' bytes in job order; only for a runner that {@link #shipsJobs()}.
     */
    default List<byte[]> runJobs(List<byte[]> jobs, int parallelism) {
        throw new UnsupportedOperationException("shard runner '" + name() + "' does not ship jobs");
    }
}
