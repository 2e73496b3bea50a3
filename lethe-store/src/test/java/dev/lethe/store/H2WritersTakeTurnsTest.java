package dev.lethe.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Write transactions on an embedded H2 file never overlap within a process, also across two
 * {@link Database} objects opened on the same file: H2 may otherwise store one transaction's data
 * without its undo log while another commits, and a crash then keeps half of it (see
 * {@code Database}'s writer lock). Reads still run beside a writer.
 */
class H2WritersTakeTurnsTest {

    @TempDir
    Path dir;

    @Test
    void writeTransactionsOnOneH2FileRunOneAtATime() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("turns").toAbsolutePath() + ";WRITE_DELAY=0";
        try (Database first = Database.open(url, null, null, 4); Database second = Database.open(url, null, null, 4)) {
            first.transaction(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE turns (writer INT, step INT)");
                }
                return null;
            });
            List<String> events = Collections.synchronizedList(new ArrayList<>());
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int w = 0; w < 4; w++) {
                    int writer = w;
                    Database db = w % 2 == 0 ? first : second;
                    futures.add(pool.submit(() -> {
                        for (int step = 0; step < 15; step++) {
                            int s = step;
                            db.transaction(c -> {
                                events.add("enter " + writer);
                                try (PreparedStatement ps = c.prepareStatement("INSERT INTO turns VALUES (?, ?)")) {
                                    ps.setInt(1, writer);
                                    ps.setInt(2, s);
                                    ps.executeUpdate();
                                }
                                pause(); // long enough that another writer would come in if it could
                                events.add("exit " + writer);
                                return null;
                            });
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
            assertThat(events).hasSize(2 * 4 * 15);
            for (int i = 0; i < events.size(); i += 2) {
                String enter = events.get(i);
                assertThat(enter).as("event %d", i).startsWith("enter ");
                assertThat(events.get(i + 1)).as("event %d: a writer came in while another was inside", i + 1)
                        .isEqualTo("exit " + enter.substring("enter ".length()));
            }
            int rows = first.read(c -> {
                try (Statement s = c.createStatement(); var rs = s.executeQuery("SELECT COUNT(*) FROM turns")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertThat(rows).isEqualTo(4 * 15);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
