package dev.lethe.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.model.LetheException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GroupCommitTest {

    @TempDir
    Path dir;

    static RequestStore.NewRequest request(String id) {
        Instant now = Instant.parse("2026-12-05T08:00:00Z");
        return new RequestStore.NewRequest(id, "SUBJECT", "payload-" + id, "summary", "fp-" + id, now, now.plusSeconds(86_400));
    }

    /** Holds the writer inside a first transaction until {@code release} opens, so the next calls queue up into one group. */
    static Future<?> blockWriter(GroupCommit group, ExecutorService pool, CountDownLatch inside, CountDownLatch release) {
        return pool.submit(() -> group.run(c -> {
            inside.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
    }

    static void awaitWaiting(GroupCommit group, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (group.waiting() < n) {
            assertThat(System.nanoTime()).as("work never queued").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void workWaitingTogetherCommitsInOneTransactionAndEachCallerSeesItsRowsCommittedOnReturn(Backend backend) throws Exception {
        try (LetheHome home = backend.open(dir)) {
            Database db = home.registry().database();
            RequestStore requests = home.registry().requests();
            GroupCommit group = new GroupCommit(db, 64);
            ExecutorService pool = Executors.newFixedThreadPool(11);
            CountDownLatch inside = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Future<?> first = blockWriter(group, pool, inside, release);
            assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
            List<Future<Boolean>> callers = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String id = "r" + i;
                callers.add(pool.submit(() -> {
                    group.run(c -> {
                        requests.insert(c, request(id));
                        return null;
                    });
                    return requests.find(id).isPresent(); // read on another connection: only committed rows show
                }));
            }
            awaitWaiting(group, 10);
            release.countDown();
            first.get(30, TimeUnit.SECONDS);
            for (Future<Boolean> caller : callers) {
                assertThat(caller.get(30, TimeUnit.SECONDS)).as("committed when run returned").isTrue();
            }
            assertThat(group.transactions()).as("the blocking work, then the ten together").isEqualTo(2);
            pool.shutdown();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aFailingPieceOfWorkFailsAloneAndTheRestOfItsGroupCommits(Backend backend) throws Exception {
        try (LetheHome home = backend.open(dir)) {
            RequestStore requests = home.registry().requests();
            requests.submit(request("taken"));
            GroupCommit group = new GroupCommit(home.registry().database(), 64);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            CountDownLatch inside = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Future<?> first = blockWriter(group, pool, inside, release);
            assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
            List<Future<?>> callers = new ArrayList<>();
            for (String id : List.of("a", "taken", "b")) {
                callers.add(pool.submit(() -> group.run(c -> {
                    requests.insert(c, request(id));
                    return id;
                })));
                awaitWaiting(group, callers.size());
            }
            release.countDown();
            first.get(30, TimeUnit.SECONDS);
            assertThat(callers.get(0).get(30, TimeUnit.SECONDS)).isEqualTo("a");
            assertThat(callers.get(2).get(30, TimeUnit.SECONDS)).isEqualTo("b");
            assertThatThrownBy(() -> callers.get(1).get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(StoreException.class)
                    .cause().satisfies(e -> assertThat(((StoreException) e).getCause()).isInstanceOf(java.sql.SQLException.class));
            assertThat(requests.find("a")).isPresent();
            assertThat(requests.find("b")).isPresent();
            assertThat(requests.get("taken").summary()).as("the stored one untouched").isEqualTo("summary");
            pool.shutdown();
        }
    }

    /** PostgreSQL only: on an embedded H2 file write transactions take turns (see {@link H2WritersTakeTurnsTest}). */
    @ParameterizedTest
    @EnumSource(value = Backend.class, names = "POSTGRESQL")
    void withTwoWritersAGroupCommitsWhileAnotherIsStillBeingWritten(Backend backend) throws Exception {
        try (LetheHome home = backend.open(dir)) {
            RequestStore requests = home.registry().requests();
            GroupCommit group = new GroupCommit(home.registry().database(), 64, 2);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            CountDownLatch inside = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Future<?> first = blockWriter(group, pool, inside, release);
            assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
            Future<?> second = pool.submit(() -> group.run(c -> {
                requests.insert(c, request("meanwhile"));
                return null;
            }));
            second.get(30, TimeUnit.SECONDS); // one writer alone would still be held by the first group
            assertThat(first.isDone()).isFalse();
            assertThat(requests.find("meanwhile")).isPresent();
            release.countDown();
            first.get(30, TimeUnit.SECONDS);
            pool.shutdown();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void workThatCannotCommitIsNeverReportedAsDone(Backend backend) {
        LetheHome home = backend.open(dir);
        GroupCommit group = new GroupCommit(home.registry().database(), 64);
        RequestStore requests = home.registry().requests();
        home.close();
        assertThatThrownBy(() -> group.run(c -> {
            requests.insert(c, request("lost"));
            return null;
        })).isInstanceOf(StoreException.class).satisfies(e -> assertThat(((StoreException) e).kind())
                .isEqualTo(LetheException.Kind.UNAVAILABLE));
    }
}
