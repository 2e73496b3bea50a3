package dev.lethe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lethe.server.Principal;
import dev.lethe.server.Role;
import dev.lethe.server.ServerAssembly;
import dev.lethe.store.LetheHome;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The demo's third part: the home of part 2 served briefly by {@code lethe serve}'s assembly on a
 * loopback port, and one OpenDSR 2.0 erasure sent to it as a controller would (discovery, the
 * processor's certificate, a signed answer verified before it is read, polling until completed),
 * whose status names what each model did and the ledger entry that proves it.
 */
final class DemoService {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofMinutes(2);

    private final PrintWriter out;
    private final HttpClient http = HttpClient.newHttpClient();

    DemoService(PrintWriter out) {
        this.out = out;
    }

    /** Serves {@code dir} and erases {@code subject} through OpenDSR; whether it completed with verified signatures. */
    boolean run(Path dir, String subject) throws Exception {
        String secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        Principal controller = new Principal("demo-controller", Role.CONTROLLER);
        LetheHome home = LetheHome.open(dir);
        try (ServerAssembly server = ServerAssembly.start(home, ServerAssembly.Settings.defaults().withPort(0),
                (id, given) -> id.equals(controller.keyId()) && given.equals(secret) ? Optional.of(controller) : Optional.empty())) {
            String base = "http://127.0.0.1:" + server.port();
            String key = controller.keyId() + "." + secret;
            out.printf("lethe serve started on %s (OpenDSR 2.0, native API, dashboard) with a controller key%n", base);
            JsonNode discovery = JSON.readTree(get(base + "/discovery", null).body());
            HttpResponse<String> pem = get(discovery.get("processor_certificate").asText(), null);
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.body().getBytes(StandardCharsets.US_ASCII)));
            out.printf("GET /discovery: certificate at %s (%s)%n", discovery.get("processor_certificate").asText(),
                    certificate.getSubjectX500Principal().getName());

            String id = UUID.randomUUID().toString();
            String body = JSON.createObjectNode().put("subject_request_id", id).put("subject_request_type", "erasure")
                    .put("regulation", "gdpr").put("submitted_time", Instant.now().toString()).put("api_version", "2.0")
                    .set("subject_identities", JSON.createArrayNode().add(JSON.createObjectNode()
                            .put("identity_type", "controller_customer_id").put("identity_value", subject)
                            .put("identity_format", "raw"))).toString();
            HttpResponse<String> submitted = http.send(HttpRequest.newBuilder(URI.create(base + "/requests"))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            boolean verified = verified(submitted, certificate.getPublicKey());
            out.printf("POST /requests (erasure of subject '%s'): %d, expected completion %s, signature %s%n", subject,
                    submitted.statusCode(), JSON.readTree(submitted.body()).path("expected_completion_time").asText(),
                    verified ? "verified" : "INVALID");

            JsonNode status = JSON.readTree(submitted.body());
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            HttpResponse<String> last = submitted;
            while (!status.path("request_status").asText().equals("completed") && System.nanoTime() < deadline) {
                Thread.sleep(200);
                last = get(base + "/requests/" + id, key);
                verified &= verified(last, certificate.getPublicKey());
                status = JSON.readTree(last.body());
            }
            boolean completed = status.path("request_status").asText().equals("completed");
            out.printf("GET /requests/%s: %s, signature %s%n", id, status.path("request_status").asText(),
                    verified(last, certificate.getPublicKey()) ? "verified" : "INVALID");
            status.path("extensions").forEach(ext -> ext.path("models").forEach(m -> out.printf(Locale.ROOT,
                    "  %-7s v%d forgot %d record(s), %s, ledger entry %d (%s…)%n", m.path("model").asText(), m.path("version").asInt(),
                    m.path("records_forgotten").asLong(), m.path("guarantee").asText(), m.path("ledger_entry").asLong(),
                    abbreviate(m.path("ledger_hash").asText()))));
            out.println(completed && verified ? "The OpenDSR request completed; every answer's signature verified with the "
                    + "discovered certificate." : "The OpenDSR request did NOT complete with verified answers.");
            return completed && verified;
        }
    }

    private HttpResponse<String> get(String url, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Whether the answer's X-OpenDSR-Signature is the processor's signature of its exact body. */
    private static boolean verified(HttpResponse<String> answer, PublicKey key) throws Exception {
        Optional<String> header = answer.headers().firstValue("X-OpenDSR-Signature");
        if (header.isEmpty()) {
            return false;
        }
        Signature check = Signature.getInstance(key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA");
        check.initVerify(key);
        check.update(answer.body().getBytes(StandardCharsets.UTF_8));
        return check.verify(Base64.getDecoder().decode(header.get().trim()));
    }

    private static String abbreviate(String digest) {
        return digest.length() > 12 ? digest.substring(0, 12) : digest;
    }
}
