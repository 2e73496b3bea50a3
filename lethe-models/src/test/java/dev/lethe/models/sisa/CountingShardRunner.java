package dev.lethe.models.sisa;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** A test {@link ShardRunner} found through the test class path's service file: runs tasks in reverse order and counts them. */
public final class CountingShardRunner implements ShardRunner {

    static final AtomicInteger TASKS = new AtomicInteger();
    static final AtomicInteger CALLS = new AtomicInteger();

    @Override
    public String name() {
        return "test-counting";
    }

    @Override
    public <T> List<T> runAll(List<? extends Supplier<T>> tasks, int parallelism) {
        CALLS.incrementAndGet();
        List<T> out = new ArrayList<>(tasks.size());
        for (int i = 0; i < tasks.size(); i++) {
            out.add(null);
        }
        for (int i = tasks.size() - 1; i >= 0; i--) {
            out.set(i, tasks.get(i).get());
            TASKS.incrementAndGet();
        }
        return out;
    }
}
