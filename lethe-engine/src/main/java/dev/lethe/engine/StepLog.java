package dev.lethe.engine;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Times the worker's steps through {@link System.Logger} ({@code dev.lethe.engine.Worker}): each
 * message says what was done, the milliseconds since the previous one, and the CPU milliseconds the
 * logging thread spent since its own previous line (what a loaded machine does not inflate as it
 * does wall time). Logged at DEBUG, or at
 * INFO with {@code -Dlethe.worker.trace=true} (so a plain JVM shows it without a logging set-up).
 * Not thread-safe by design: model threads log their own lines, and an interleaved interval only
 * blurs a figure.
 */
final class StepLog {

    private static final Logger LOG = System.getLogger(Worker.class.getName());
    private static final Level LEVEL = Boolean.getBoolean("lethe.worker.trace") ? Level.INFO : Level.DEBUG;

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    private volatile long last = System.nanoTime();
    private final ThreadLocal<long[]> lastCpu = ThreadLocal.withInitial(() -> new long[] {THREADS.getCurrentThreadCpuTime()});

    void step(String what) {
        if (LOG.isLoggable(LEVEL)) {
            long now = System.nanoTime();
            long[] cpu = lastCpu.get();
            long cpuNow = THREADS.getCurrentThreadCpuTime();
            long cpuSpent = cpuNow - cpu[0];
            cpu[0] = cpuNow;
            LOG.log(LEVEL, () -> String.format(java.util.Locale.ROOT, "%-28s %7.1f ms  (cpu %6.1f ms)", what, (now - last) / 1e6,
                    cpuSpent / 1e6));
            last = now;
        }
    }
}
