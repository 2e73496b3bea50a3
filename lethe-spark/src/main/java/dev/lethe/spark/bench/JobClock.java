package dev.lethe.spark.bench;

import java.util.concurrent.TimeoutException;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Splits a timed step's wall time into what Spark's jobs took and what the driver did alone around
 * them (building the plan, replaying the Delta log, listing files, merging results), and says how
 * busy the task slots were while a job ran (task run time over job time × slots). What keeps two
 * slots from halving a step's time is in those two numbers: a driver share that does not shrink
 * with the slots (Amdahl), or slots left idle by too few or uneven tasks.
 */
final class JobClock extends SparkListener {

    private final SparkContext context;
    private long jobStart;
    private long jobNanos;
    private long taskMillis;
    private int tasks;
    private int running;

    private JobClock(SparkContext context) {
        this.context = context;
    }

    static JobClock on(SparkContext context) {
        JobClock clock = new JobClock(context);
        context.addSparkListener(clock);
        return clock;
    }

    synchronized void reset() {
        jobNanos = 0;
        taskMillis = 0;
        tasks = 0;
    }

    @Override
    public synchronized void onJobStart(SparkListenerJobStart start) {
        if (running++ == 0) {
            jobStart = System.nanoTime();
        }
    }

    @Override
    public synchronized void onJobEnd(SparkListenerJobEnd end) {
        if (--running == 0) {
            jobNanos += System.nanoTime() - jobStart;
        }
    }

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
        if (end.taskMetrics() != null) {
            taskMillis += end.taskMetrics().executorRunTime();
        }
        tasks++;
    }

    /** What the jobs since {@link #reset()} took, once the listener has seen every event of them. */
    synchronized Reading read() {
        return new Reading(jobNanos / 1e6, taskMillis, tasks);
    }

    /** Waits until the events of the work done so far have reached the listener. */
    void settle() {
        try {
            context.listenerBus().waitUntilEmpty(10_000);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Spark's listener bus did not drain in 10 s", e);
        }
    }

    /** @param jobMillis wall time with at least one job running; taskMillis the tasks' run time summed */
    record Reading(double jobMillis, double taskMillis, int tasks) {

        /** Of {@code wallMillis}, the share with no job running: the driver's serial part. */
        double driverShare(double wallMillis) {
            return Math.max(0, 1 - jobMillis / wallMillis);
        }

        /** Task run time over the time jobs ran times the slots: 1 when every slot worked throughout. */
        double slotUse(int slots) {
            return jobMillis <= 0 ? 0 : taskMillis / (jobMillis * slots);
        }
    }
}
