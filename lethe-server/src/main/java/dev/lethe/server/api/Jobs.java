package dev.lethe.server.api;

import dev.lethe.model.LetheException;
import dev.lethe.model.NotFoundException;
import dev.lethe.server.Principal;
import dev.lethe.server.Problem;
import dev.lethe.server.Problems;
import dev.lethe.server.Role;
import dev.lethe.store.Database;
import io.javalin.http.HttpStatus;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs long operations in the background and keeps their status in the registry ({@link JobStore}),
 * so a job can be listed and fetched after a restart and from any server on the registry. This
 * process holds its jobs by a lease it renews every {@link #RENEW_EVERY}; a job whose lease expired
 * was left by a process that died and is failed as interrupted by a restart (at startup, before the
 * port opens, and at each renewal), as are this process's own open jobs when it stops. Two jobs run
 * at a time so a long audit does not hold up an import.
 */
public final class Jobs implements AutoCloseable {

    /** The work of a job; reports its progress, returns its result. */
    @FunctionalInterface
    public interface Work {
        Map<String, Object> run(Progress progress) throws Exception;
    }

    /** Where a job reports how far it got. */
    public interface Progress {
        /** @throws JobInterrupted when the job was failed meanwhile (its lease expired): the work should stop */
        void update(double fraction, String stage);

        /** The ID of the job reporting (for results that link to it). */
        String jobId();
    }

    /** Thrown into a job's work when the registry no longer counts it as running here. */
    static final class JobInterrupted extends RuntimeException {
        JobInterrupted(String id) {
            super("job " + id + " was interrupted");
        }
    }

    /** How long a job stays this process's without a renewal. */
    static final Duration LEASE = Duration.ofSeconds(30);
    static final Duration RENEW_EVERY = Duration.ofSeconds(10);
    /** How many jobs a listing shows at most, newest first. */
    static final int LISTED = 1000;

    /** Why a job whose server stopped or died is failed. */
    static final Problem INTERRUPTED = Problems.of(HttpStatus.SERVICE_UNAVAILABLE,
            "interrupted by a restart: the server running this job stopped before it finished; start it again");

    private final JobStore store;
    private final Clock clock;
    /** This process (host and PID, for an operator reading the table) and this instance. */
    private final String runner = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID();
    private final ExecutorService pool = Executors.newFixedThreadPool(2, daemon("lethe-api-job"));
    private final ScheduledExecutorService leases = Executors.newSingleThreadScheduledExecutor(daemon("lethe-api-job-lease"));

    /** Fails the jobs that dead processes left open, then starts renewing this process's leases. */
    public Jobs(Database db, Clock clock) {
        this.store = new JobStore(db);
        this.clock = clock;
        store.interruptExpired(INTERRUPTED, clock.instant());
        leases.scheduleWithFixedDelay(this::renew, RENEW_EVERY.toMillis(), RENEW_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Queues {@code work} as a job of {@code kind} started by {@code owner}, whose role may follow it. */
    public Job start(String kind, Principal owner, Work work) {
        Instant now = clock.instant();
        Job queued = new Job(UUID.randomUUID().toString(), kind, Job.State.QUEUED, 0, "queued", now, now, null, null, null,
                owner.keyId(), owner.role());
        store.insert(queued, runner, now.plus(LEASE));
        pool.submit(() -> run(queued.id(), work));
        return queued;
    }

    /** The job {@code id} as role {@code role} may see it. @throws NotFoundException for another role's job */
    public Job get(String id, Role role) {
        return store.find(id).filter(job -> job.owner() == role)
                .orElseThrow(() -> new NotFoundException("no job " + LetheException.quote(id)));
    }

    /** The jobs role {@code role} started, newest first (the newest {@link #LISTED}). */
    public List<Job> list(Role role) {
        return store.list(role, LISTED);
    }

    /** Keeps a job's report (an audit's HTML) with it in the registry. */
    void saveReport(String jobId, String html) {
        store.saveReport(jobId, html);
    }

    /** The report job {@code jobId} produced, once it has. */
    java.util.Optional<String> report(String jobId) {
        return store.report(jobId);
    }

    private void run(String id, Work work) {
        Progress progress = new Progress() {
            @Override
            public void update(double fraction, String stage) {
                if (!store.progress(id, runner, Math.max(0, Math.min(1, fraction)), stage, clock.instant())) {
                    throw new JobInterrupted(id);
                }
            }

            @Override
            public String jobId() {
                return id;
            }
        };
        try {
            progress.update(0, "started");
            Map<String, Object> result = work.run(progress);
            store.finish(id, runner, result, null, clock.instant());
        } catch (JobInterrupted interrupted) {
            // the registry already says why it stopped
        } catch (Exception | LinkageError e) {
            store.finish(id, runner, null, Problems.problemFor(e), clock.instant());
        }
    }

    private void renew() {
        try {
            Instant now = clock.instant();
            store.renew(runner, now.plus(LEASE));
            store.interruptExpired(INTERRUPTED, now);
        } catch (RuntimeException e) {
            // the registry is unreachable for now; the next renewal tries again (the lease outlasts two misses)
        }
    }

    /**
     * Stops taking and renewing jobs and fails this process's open ones as interrupted: their work
     * would not outlive the process, and its updates no longer land.
     */
    @Override
    public void close() {
        leases.shutdownNow();
        try {
            store.interruptRunner(runner, INTERRUPTED, clock.instant());
        } catch (RuntimeException e) {
            // the registry is gone first: the lease expires, and the next server fails these jobs then
        }
        pool.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
