package dev.lethe.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lethe.server.LetheServer;
import dev.lethe.server.Principal;
import dev.lethe.server.Role;
import dev.lethe.server.ServerOptions;
import dev.lethe.server.TestServers;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The native API's request list filters and pages in SQL: over 730 requests of every state and kind,
 * some overdue, every filter walked page by page gives exactly the matching requests in order of
 * arrival, with the right total, and the metrics' counts agree.
 */
class RequestListTest {

    private static final int N = 730;
    private static final String[] STATES = {"DONE", "DONE", "SUBMITTED", "DONE", "PLANNED", "FAILED", "DONE"};
    private static final String[] KINDS = {"subject", "records", "subject", "feature", "class"};

    @TempDir
    Path dir;

    private LetheServer server;
    private ApiClient officer;
    private final Instant now = Instant.now();

    /** Request {@code i}: its state, kind and whether it is overdue (open, received more than a month ago). */
    private record Seeded(String id, String state, String kind, boolean overdue) {
    }

    private final List<Seeded> seeded = new ArrayList<>();

    @BeforeEach
    void seed() {
        server = LetheServer.create(TestServers.context(dir, Map.of("o.s", new Principal("o", Role.OFFICER))),
                ServerOptions.defaults(), ApiModules.all()).start("127.0.0.1", 0);
        officer = new ApiClient(server, "o.s");
        long day = Duration.ofDays(1).toMillis();
        server.context().home().registry().database().transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO requests (id, kind, payload, fingerprint, summary, state, "
                    + "received_at, due_at, done_at) VALUES (?, ?, 'p', 'f', 's', ?, ?, ?, ?)")) {
                for (int i = 0; i < N; i++) {
                    String state = STATES[i % STATES.length];
                    String kind = KINDS[(i / 3) % KINDS.length];
                    long received = now.toEpochMilli() - (i % 11 < 4 ? 40 : 2) * day;
                    boolean open = state.equals("SUBMITTED") || state.equals("PLANNED");
                    seeded.add(new Seeded(String.format("r-%04d", i), state, kind, open && i % 11 < 4));
                    ps.setString(1, String.format("r-%04d", i));
                    ps.setString(2, kind);
                    ps.setString(3, state);
                    ps.setLong(4, received);
                    ps.setLong(5, received + 30 * day);
                    ps.setObject(6, open ? null : received + day);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @AfterEach
    void stop() {
        server.close();
        server.context().home().close();
    }

    @Test
    void everyFilterPagesThroughExactlyItsRequestsInOrderOfArrival() throws Exception {
        assertThat(walk("", 100)).isEqualTo(expected(s -> true));
        assertThat(walk("state=done", 64)).isEqualTo(expected(s -> s.state().equals("DONE")));
        assertThat(walk("state=submitted", 7)).isEqualTo(expected(s -> s.state().equals("SUBMITTED")));
        assertThat(walk("kind=records", 50)).isEqualTo(expected(s -> s.kind().equals("records")));
        assertThat(walk("kind=Class", 30)).isEqualTo(expected(s -> s.kind().equals("class")));
        assertThat(walk("overdue=true", 9)).isEqualTo(expected(Seeded::overdue)).isNotEmpty();
        assertThat(walk("state=planned&kind=subject&overdue=true", 5))
                .isEqualTo(expected(s -> s.state().equals("PLANNED") && s.kind().equals("subject") && s.overdue())).isNotEmpty();
        assertThat(walk("state=failed&kind=feature", 1000)).isEqualTo(expected(s -> s.state().equals("FAILED") && s.kind().equals("feature")));

        JsonNode beyond = ApiClient.json(officer.get("/api/v1/requests?offset=5000"));
        assertThat(beyond.get("items")).isEmpty();
        assertThat(beyond.get("total").asInt()).isEqualTo(N);
        assertThat(beyond.get("next_offset").isNull()).isTrue();
    }

    @Test
    void theMetricsCountRequestsPerStateAndTheOverdueOnes() throws Exception {
        String metrics = officer.get("/metrics").body();
        for (String state : List.of("SUBMITTED", "PLANNED", "DONE", "FAILED")) {
            long n = seeded.stream().filter(s -> s.state().equals(state)).count();
            assertThat(metrics).contains("lethe_requests{state=\"" + state.toLowerCase(Locale.ROOT) + "\"} " + n + ".0");
        }
        long overdue = seeded.stream().filter(Seeded::overdue).count();
        assertThat(overdue).isPositive();
        assertThat(metrics).contains("lethe_requests_overdue " + overdue + ".0");
    }

    private List<String> expected(Predicate<Seeded> filter) {
        return seeded.stream().filter(filter).map(Seeded::id).toList();
    }

    /** Every page of the list with {@code query}, {@code limit} at a time, checking each page's total and next offset. */
    private List<String> walk(String query, int limit) throws Exception {
        List<String> ids = new ArrayList<>();
        Integer offset = 0;
        int pages = 0;
        while (offset != null) {
            JsonNode page = ApiClient.json(officer.get("/api/v1/requests?" + query + "&limit=" + limit + "&offset=" + offset));
            assertThat(page.get("offset").asInt()).isEqualTo(offset);
            int total = page.get("total").asInt();
            page.get("items").forEach(item -> ids.add(item.get("id").asText()));
            assertThat(page.get("items").size()).isLessThanOrEqualTo(limit);
            offset = page.get("next_offset").isNull() ? null : page.get("next_offset").asInt();
            assertThat(offset == null ? ids.size() : offset).as("next offset").isEqualTo(offset == null ? total : ids.size());
            pages++;
        }
        assertThat(pages).isEqualTo(Math.max(1, (ids.size() + limit - 1) / limit));
        IntStream.range(1, ids.size()).forEach(i -> assertThat(ids.get(i)).isGreaterThan(ids.get(i - 1)));
        return ids;
    }
}
