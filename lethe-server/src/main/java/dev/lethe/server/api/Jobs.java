package dev.lethe.server.api;

import dev.lethe.model.NotFoundException;
import dev.lethe.model.LetheException;
import dev.lethe.server.Problems;
import dev.lethe.server.Role;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs long operations in the background and keeps their status for the job resource. Jobs live
 * in this process's memory (a restarted server forgets them; what they produced is in the
 * registry). Two run at a time so a long audit does not hold up an import.
 */
public final class Jobs {

    /** The work of a job; reports its progress, returns its result. */
    @FunctionalInterface
    public interface Work {
        Map<String, Object> run(Progress progress) throws Exception;
    }

    /** Where a job reports how far it got. */
    public interface Progress {
        void update(double fraction, String stage);

        /** The ID of the job reporting (for results that link to it). */
        String jobId();
    }

    private static final int MAX_KEPT = 1000;

    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "lethe-api-job");
        t.setDaemon(true);
        return t;
    });
    private final Clock clock;

    public Jobs(Clock clock) {
        this.clock = clock;
    }

    /** Queues {@code work} as a job of {@code kind} that role {@code owner} may follow. */
    public Job start(String kind, Role owner, Work work) {
        forgetOldest();
        String id = UUID.randomUUID().toString();
        Job queued = new Job(id, kind, Job.State.QUEUED, 0, "queued", clock.instant(), null, null, null, owner);
        jobs.put(id, queued);
        pool.submit(() -> run(queued, work));
        return queued;
    }

    /** The job {@code id} as role {@code role} may see it. @throws NotFoundException for another role's job */
    public Job get(String id, Role role) {
        Job job = jobs.get(id);
        if (job == null || job.owner() != role) {
            throw new NotFoundException("no job " + LetheException.quote(id));
        }
        return job;
    }

    /** The jobs role {@code role} started, newest first. */
    public List<Job> list(Role role) {
        return jobs.values().stream().filter(j -> j.owner() == role)
                .sorted((a, b) -> b.createdAt().compareTo(a.createdAt())).toList();
    }

    private void run(Job queued, Work work) {
        String id = queued.id();
        Progress progress = new Progress() {
            @Override
            public void update(double fraction, String stage) {
                jobs.computeIfPresent(id, (k, j) -> new Job(id, j.kind(), Job.State.RUNNING,
                        Math.max(0, Math.min(1, fraction)), stage, j.createdAt(), null, null, null, j.owner()));
            }

            @Override
            public String jobId() {
                return id;
            }
        };
        progress.update(0, "started");
        try {
            Map<String, Object> result = work.run(progress);
            finish(queued, Job.State.SUCCEEDED, result, null);
        } catch (Exception | LinkageError e) {
            finish(queued, Job.State.FAILED, null, Problems.problemFor(e));
        }
    }

    private void finish(Job queued, Job.State state, Map<String, Object> result, dev.lethe.server.Problem error) {
        Instant now = clock.instant();
        jobs.computeIfPresent(queued.id(), (k, j) -> new Job(j.id(), j.kind(), state,
                state == Job.State.SUCCEEDED ? 1 : j.progress(), state == Job.State.SUCCEEDED ? "done" : "failed",
                j.createdAt(), now, result, error, j.owner()));
    }

    private void forgetOldest() {
        if (jobs.size() < MAX_KEPT) {
            return;
        }
        jobs.values().stream().filter(j -> j.finishedAt() != null).min((a, b) -> a.finishedAt().compareTo(b.finishedAt()))
                .ifPresent(oldest -> jobs.remove(oldest.id()));
    }
}
