package dev.lethe.models.sisa;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A test {@link ShardRunner} that ships jobs as a cluster runner does: only copies of the encoded
 * bytes reach {@link PortableShardJob#run}, and only copies of its bytes come back.
 */
public final class ShippingShardRunner implements ShardRunner {

    static final AtomicInteger JOBS = new AtomicInteger();
    /** Bytes of every job shipped. */
    static final java.util.concurrent.atomic.AtomicLong BYTES = new java.util.concurrent.atomic.AtomicLong();
    /** The results of the latest run, as returned. */
    static volatile List<byte[]> lastResults = List.of();

    @Override
    public String name() {
        return "test-shipping";
    }

    @Override
    public boolean shipsJobs() {
        return true;
    }

    @Override
    public List<byte[]> runJobs(List<byte[]> jobs, int parallelism) {
        List<byte[]> out = new ArrayList<>();
        for (byte[] job : jobs) {
            byte[] state = PortableShardJob.run(Arrays.copyOf(job, job.length));
            out.add(Arrays.copyOf(state, state.length));
            JOBS.incrementAndGet();
            BYTES.addAndGet(job.length);
        }
        lastResults = List.copyOf(out);
        return out;
    }

    @Override
    public <T> List<T> runAll(List<? extends Supplier<T>> tasks, int parallelism) {
        throw new AssertionError("a runner that ships jobs is given no tasks");
    }
}
