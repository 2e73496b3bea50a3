package dev.lethe.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.audit.ledger.Ledger;
import dev.lethe.audit.ledger.LedgerEntry;
import dev.lethe.model.ForgetRequest;
import dev.lethe.server.RouteSpec;
import io.javalin.http.HandlerType;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard over plain HTTP: sessions, cookie flags, CSRF, roles, expiry, escaping and the reveal. */
class DashboardHttpTest {

    @TempDir
    Path dir;

    private DashboardFixture fx;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        fx = new DashboardFixture(dir);
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    /** A browser's state: its cookie and the CSRF token of the last page it got. */
    private final class Browser {
        String cookie;
        String csrf;

        HttpResponse<String> get(String path) throws Exception {
            HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(fx.url(path))).GET();
            return remember(send(r));
        }

        HttpResponse<String> post(String path, String form) throws Exception {
            HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(fx.url(path)))
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
            return remember(send(r));
        }

        private HttpResponse<String> send(HttpRequest.Builder r) throws Exception {
            if (cookie != null) {
                r.header("Cookie", SessionCookie.NAME + "=" + cookie);
            }
            return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
        }

        private HttpResponse<String> remember(HttpResponse<String> response) {
            response.headers().firstValue("Set-Cookie").ifPresent(c -> cookie = c.substring(c.indexOf('=') + 1, c.indexOf(';')));
            Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(response.body());
            if (m.find()) {
                csrf = m.group(1);
            }
            return response;
        }

        HttpResponse<String> signIn(String key) throws Exception {
            get("/ui/sign-in");
            return post("/ui/sign-in", "_csrf=" + enc(csrf) + "&key=" + enc(key));
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void theSessionCookieIsHttpOnlyStrictAndScopedAndSigningInChangesIt() throws Exception {
        Browser b = new Browser();
        HttpResponse<String> form = b.get("/ui/sign-in");
        String header = form.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(header).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/ui").doesNotContain("Secure");
        String anonymous = b.cookie;
        HttpResponse<String> in = b.post("/ui/sign-in", "_csrf=" + enc(b.csrf) + "&key=" + enc(DashboardFixture.OFFICER));
        assertThat(in.statusCode()).isEqualTo(303);
        assertThat(in.headers().firstValue("Location")).hasValue("/ui/requests");
        assertThat(in.headers().firstValue("Set-Cookie").orElseThrow()).contains("HttpOnly").contains("SameSite=Strict");
        assertThat(b.cookie).isNotEqualTo(anonymous);
        assertThat(b.get("/ui/overview").statusCode()).isEqualTo(200);
        assertThat(SessionCookie.set("t", 60, true)).endsWith("; Secure").contains("HttpOnly").contains("SameSite=Strict");
    }

    @Test
    void pagesNeedASessionAndWrongOrMachineKeysCannotSignIn() throws Exception {
        Browser b = new Browser();
        HttpResponse<String> page = b.get("/ui/requests");
        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(page.headers().firstValue("Location")).hasValue("/ui/sign-in");
        assertThat(b.signIn("o1.wrong-secret").statusCode()).isEqualTo(401);
        assertThat(b.signIn(DashboardFixture.CONTROLLER).statusCode()).isEqualTo(403);
        assertThat(b.get("/ui/requests").statusCode()).isEqualTo(303);
        HttpResponse<String> bearer = http.send(HttpRequest.newBuilder(URI.create(fx.url("/ui/requests")))
                .header("Authorization", "Bearer " + DashboardFixture.OFFICER).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bearer.statusCode()).as("an API key header is no dashboard session").isEqualTo(303);
    }

    @Test
    void everyFormPostWithoutOrWithAWrongTokenIsRefused() throws Exception {
        String id = fx.workflow.submit(new ForgetRequest.Subject("patient-3"));
        Browser b = new Browser();
        b.get("/ui/sign-in");
        assertThat(b.post("/ui/sign-in", "key=" + enc(DashboardFixture.OFFICER)).statusCode()).isEqualTo(403);
        assertThat(b.post("/ui/sign-in", "_csrf=forged&key=" + enc(DashboardFixture.OFFICER)).statusCode()).isEqualTo(403);
        assertThat(b.signIn(DashboardFixture.OFFICER).statusCode()).isEqualTo(303);
        b.get("/ui/overview");
        List<RouteSpec> posts = fx.server.routes().stream()
                .filter(r -> r.method() == HandlerType.POST && r.path().startsWith("/ui/") && !r.path().equals("/ui/sign-in")).toList();
        assertThat(posts).extracting(RouteSpec::path).contains("/ui/sign-out", "/ui/requests/{id}/reveal");
        for (RouteSpec route : posts) {
            String path = route.path().replace("{id}", id);
            assertThat(b.post(path, "").statusCode()).as(path + " without a token").isEqualTo(403);
            assertThat(b.post(path, "_csrf=" + enc(b.csrf + "x")).statusCode()).as(path + " with a wrong token").isEqualTo(403);
        }
        assertThat(Ledger.open(dir).entries()).as("no reveal happened").isEmpty();
        assertThat(b.get("/ui/overview").statusCode()).as("still signed in").isEqualTo(200);
        assertThat(b.post("/ui/sign-out", "_csrf=" + enc(b.csrf)).statusCode()).isEqualTo(303);
        assertThat(b.get("/ui/overview").statusCode()).as("signed out").isEqualTo(303);
    }

    @Test
    void aSessionEndsWhenIdleTooLong() throws Exception {
        Browser b = new Browser();
        b.signIn(DashboardFixture.ENGINEER);
        fx.clock.advance(DashboardModule.IDLE.minusMinutes(1));
        assertThat(b.get("/ui/models").statusCode()).isEqualTo(200);
        fx.clock.advance(DashboardModule.IDLE.minusMinutes(1));
        assertThat(b.get("/ui/models").statusCode()).as("used within the idle timeout").isEqualTo(200);
        fx.clock.advance(DashboardModule.IDLE.plusMinutes(1));
        HttpResponse<String> expired = b.get("/ui/models");
        assertThat(expired.statusCode()).isEqualTo(303);
        assertThat(expired.headers().firstValue("Location")).hasValue("/ui/sign-in");
    }

    @Test
    void anAdminSeesOnlyTheOverviewWithoutLinksToRequests() throws Exception {
        fx.workflow.submit(new ForgetRequest.Subject("patient-5"));
        Browser b = new Browser();
        assertThat(b.signIn(DashboardFixture.ADMIN).headers().firstValue("Location")).hasValue("/ui/overview");
        String overview = b.get("/ui/overview").body();
        assertThat(overview).contains("<strong>1</strong> submitted").doesNotContain("/ui/requests").doesNotContain("/ui/models");
        for (String page : List.of("/ui/requests", "/ui/models", "/ui/ledger")) {
            assertThat(b.get(page).statusCode()).as(page).isEqualTo(403);
        }
    }

    @Test
    void aSessionEndsAtItsAbsoluteTimeoutEvenWhenUsed() throws Exception {
        Browser b = new Browser();
        b.signIn(DashboardFixture.OFFICER);
        Duration step = DashboardModule.IDLE.minusMinutes(5);
        Duration used = Duration.ZERO;
        while (used.plus(step).compareTo(DashboardModule.ABSOLUTE) <= 0) {
            fx.clock.advance(step);
            used = used.plus(step);
            assertThat(b.get("/ui/overview").statusCode()).as("after " + used).isEqualTo(200);
        }
        fx.clock.advance(step);
        assertThat(b.get("/ui/overview").statusCode()).isEqualTo(303);
    }

    @Test
    void theModelsPageShowsVersionsGuardAndEscapedEvents() throws Exception {
        fx.home.registry().database().transaction(c -> {
            fx.home.registry().models().addEvent(c, new dev.lethe.store.ModelEvent("diabetes-nb", 1, "retrain",
                    "held-out accuracy fell <b>below</b> the margin", null, java.time.Instant.now()));
            return null;
        });
        Browser b = new Browser();
        b.signIn(DashboardFixture.ENGINEER);
        String page = b.get("/ui/models").body();
        assertThat(page).contains("diabetes-nb").contains("1</strong> nb").contains("held-out accuracy 0.")
                .contains("retrain").contains("fell &lt;b&gt;below&lt;/b&gt; the margin").doesNotContain("<b>below");
        assertThat(page).contains("href=\"/ui/models/diabetes-nb/audits/audit-1\"").contains("forgetting verified &lt;exact&gt;");
        HttpResponse<String> report = b.get("/ui/models/diabetes-nb/audits/audit-1");
        assertThat(report.statusCode()).isEqualTo(200);
        assertThat(report.body()).isEqualTo(DashboardFixture.REPORT);
        assertThat(report.headers().firstValue("Content-Security-Policy")).hasValue(ModelsPage.REPORT_CSP);
        assertThat(b.get("/ui/models/diabetes-nb/audits/audit-2").statusCode()).isEqualTo(404);
        assertThat(b.get("/ui/models/no-model/audits/audit-1").statusCode()).isEqualTo(404);
    }

    /** A batch the model forgot in one call is stored as one receipt row; the page still counts its requests and records. */
    @Test
    void theModelsPageCountsTheRequestsAndRecordsEachVersionForgot() throws Exception {
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 20; i < 30; i++) {
            ids.add(fx.workflow.submit(new ForgetRequest.Subject("patient-" + i)));
        }
        fx.worker.drain();
        int requests = 0;
        int records = 0;
        for (String id : ids) {
            for (dev.lethe.store.ModelReceipt m : fx.workflow.receipt(id).orElseThrow().models()) {
                requests++;
                records += m.receipt().recordCount();
            }
        }
        assertThat(requests).as("requests the model held records of").isGreaterThan(1);
        Browser b = new Browser();
        b.signIn(DashboardFixture.ENGINEER);
        assertThat(b.get("/ui/models").body()).contains(records + " record" + (records == 1 ? "" : "s") + " for " + requests + " requests");
    }

    @Test
    void anOfficersRevealIsRecordedAndAnEngineerCanNeitherRevealNorSeeHashes() throws Exception {
        String id = fx.workflow.submit(new ForgetRequest.Subject("patient-7"));
        Browser engineer = new Browser();
        engineer.signIn(DashboardFixture.ENGINEER);
        HttpResponse<String> page = engineer.get("/ui/requests/" + id);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("(pseudonymised)").doesNotContain("hmac-sha256").doesNotContain("patient-7")
                .doesNotContain("/reveal");
        assertThat(engineer.post("/ui/requests/" + id + "/reveal", "_csrf=" + enc(engineer.csrf)).statusCode()).isEqualTo(403);
        assertThat(engineer.get("/ui/ledger").statusCode()).isEqualTo(403);

        Browser officer = new Browser();
        officer.signIn(DashboardFixture.OFFICER);
        assertThat(officer.get("/ui/requests/" + id).body()).contains("hmac-sha256").doesNotContain("patient-7").contains("/reveal");
        HttpResponse<String> revealed = officer.post("/ui/requests/" + id + "/reveal", "_csrf=" + enc(officer.csrf));
        assertThat(revealed.statusCode()).isEqualTo(200);
        assertThat(revealed.body()).contains("patient-7");
        List<LedgerEntry> entries = Ledger.open(dir).entries();
        assertThat(entries).singleElement().satisfies(e -> {
            assertThat(Ledger.revealedRequest(e)).isEqualTo(id);
            assertThat(e.details()).containsEntry("revealedBy", "o1");
            assertThat(e.subject()).isEqualTo(Ledger.open(dir).subjects().hash("patient-7"));
        });

        fx.worker.drain();
        assertThat(officer.post("/ui/requests/" + id + "/reveal", "_csrf=" + enc(officer.csrf)).statusCode())
                .as("a completed request's subject is erased").isEqualTo(409);
        assertThat(officer.get("/ui/ledger").body()).contains("subject revealed").contains("Verified");

        Path file = Ledger.open(dir).file();
        java.nio.file.Files.writeString(file, java.nio.file.Files.readString(file).replace("\"revealedBy\":\"o1\"", "\"revealedBy\":\"o9\""));
        fx.clock.advance(LedgerCheck.REVERIFY.plusSeconds(1));
        assertThat(officer.get("/ui/ledger").body()).as("a tampered ledger").contains("Not intact at entry 1");
    }

    @Test
    void storedTextIsEscapedOnEveryPage() throws Exception {
        String hostile = "<img src=x onerror=alert(1)>\"'&";
        fx.workflow.submit(hostile, new ForgetRequest.Records(java.util.Set.of(1L)));
        Browser b = new Browser();
        b.signIn(DashboardFixture.OFFICER);
        for (String path : List.of("/ui/requests", "/ui/requests/" + URLEncoder.encode(hostile, StandardCharsets.UTF_8).replace("+", "%20"),
                "/ui/requests?q=" + enc(hostile))) {
            HttpResponse<String> page = b.get(path);
            assertThat(page.statusCode()).as(path).isEqualTo(200);
            assertThat(page.body()).as(path).doesNotContain("<img src=x").contains("&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;");
            assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(c -> assertThat(c).contains("default-src 'none'"));
        }
        HttpResponse<String> missing = b.get("/ui/requests/no-such-request");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(missing.body()).contains("unknown request &#39;no-such-request&#39;");
    }

    @Test
    void theRequestsPageFiltersSearchesAndPages() throws Exception {
        for (int i = 0; i < RequestsPage.PAGE_SIZE + 5; i++) {
            fx.workflow.submit(String.format("ticket-%03d", i), new ForgetRequest.Records(java.util.Set.of((long) i + 1)));
        }
        fx.workflow.submit("feature-1", new ForgetRequest.Feature("age"));
        Browser b = new Browser();
        b.signIn(DashboardFixture.ENGINEER);
        String first = b.get("/ui/requests").body();
        assertThat(first).contains("feature-1").contains("ticket-054").doesNotContain("ticket-004").contains("Older →");
        Matcher older = Pattern.compile("href=\"(/ui/requests\\?before=\\d+)\"").matcher(first);
        assertThat(older.find()).isTrue();
        String second = b.get(older.group(1)).body();
        assertThat(second).contains("ticket-004").contains("ticket-000").doesNotContain("ticket-054").contains("← Newer");
        assertThat(b.get("/ui/requests?kind=feature").body()).contains("feature-1").doesNotContain("ticket-");
        assertThat(b.get("/ui/requests?q=ticket-01").body()).contains("ticket-010").contains("ticket-019").doesNotContain("ticket-020");
        assertThat(b.get("/ui/requests?overdue=1").body()).contains("No request matches");
        fx.clock.advance(Duration.ofDays(40));
        b.get("/ui/sign-in"); // the session outlived its absolute timeout; sign in again
        b.signIn(DashboardFixture.ENGINEER);
        String overdue = b.get("/ui/requests?overdue=1&kind=feature").body();
        assertThat(overdue).contains("feature-1").contains("class=\"overdue\"");
        assertThat(b.get("/ui/requests?state=bogus").statusCode()).isEqualTo(400);
    }
}
