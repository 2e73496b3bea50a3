package dev.lethe.server.opendsr;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.lethe.server.LetheServer;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenDSR controller for tests: sends requests with its key, and receives status callbacks on a
 * local port, verifying each against the certificate it fetched through the processor's
 * {@code /discovery} (section 8.8) before parsing it. It refuses the first {@code failures} callbacks
 * with 503, to exercise the processor's retries.
 */
final class SimulatedController implements AutoCloseable {

    /** A callback as received: its parsed body, and whether its signature verified. */
    record Received(JsonNode body, boolean verified, String domain) {
    }

    final HttpClient http = HttpClient.newHttpClient();
    final List<Received> callbacks = new CopyOnWriteArrayList<>();
    final AtomicInteger refusals;
    private final HttpServer server;
    private final String processor;
    private final String key;
    private volatile X509Certificate certificate;

    SimulatedController(String processorUrl, String key, int failures) throws Exception {
        this.processor = processorUrl;
        this.key = key;
        this.refusals = new AtomicInteger(failures);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/callbacks", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (refusals.getAndDecrement() > 0) {
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            String signature = exchange.getRequestHeaders().getFirst("X-OpenDSR-Signature");
            boolean ok;
            try {
                ok = verify(body, signature);
            } catch (Exception e) {
                ok = false;
            }
            callbacks.add(new Received(ok ? LetheServer.json().readTree(body) : null, ok,
                    exchange.getRequestHeaders().getFirst("X-OpenDSR-Processor-Domain")));
            exchange.sendResponseHeaders(ok ? 202 : 400, -1);
            exchange.close();
        });
        server.start();
    }

    String callbackUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/callbacks";
    }

    /** The processor's certificate, from the URL its discovery document names (cached). */
    X509Certificate certificate() throws Exception {
        if (certificate == null) {
            HttpResponse<String> discovery = send("GET", "/discovery", null, false);
            String url = LetheServer.json().readTree(discovery.body()).get("processor_certificate").asText();
            byte[] pem = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem));
        }
        return certificate;
    }

    /** Whether {@code signature} (base64) is the processor's signature of exactly {@code body}. */
    boolean verify(byte[] body, String signature) throws Exception {
        X509Certificate cert = certificate();
        Signature verifier = Signature.getInstance("RSA".equals(cert.getPublicKey().getAlgorithm()) ? "SHA256withRSA" : "SHA256withECDSA");
        verifier.initVerify(cert.getPublicKey());
        verifier.update(body);
        return signature != null && verifier.verify(Base64.getDecoder().decode(signature));
    }

    boolean verify(HttpResponse<String> response) throws Exception {
        return verify(response.body().getBytes(StandardCharsets.UTF_8),
                response.headers().firstValue("X-OpenDSR-Signature").orElse(null));
    }

    HttpResponse<String> send(String method, String path, String body) throws Exception {
        return send(method, path, body, true);
    }

    HttpResponse<String> send(String method, String path, String body, boolean withKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(processor + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Accept", "application/json").header("Content-Type", "application/json");
        if (withKey) {
            request.header("Authorization", "Bearer " + key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
