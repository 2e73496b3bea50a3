package dev.lethe.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.server.LetheServer;
import dev.lethe.server.Principal;
import dev.lethe.server.Role;
import dev.lethe.server.ServerContext;
import dev.lethe.server.ServerModule;
import dev.lethe.server.ServerOptions;
import dev.lethe.server.TestServers;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP layer's limits: a per-key rate limit (429 with Retry-After) and HTTPS from a keystore. */
class ServerLimitsTest {

    @TempDir
    Path dir;

    private LetheServer server;

    private static final ServerModule PING = (routes, problems, ctx) -> routes
            .get("/ping", "ping", c -> c.result(principalId(c)), Role.ENGINEER);

    private static String principalId(io.javalin.http.Context c) {
        return dev.lethe.server.RouteTable.principal(c).keyId();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
            server.context().home().close();
        }
    }

    private ServerContext context() {
        return TestServers.context(dir.resolve("home"), Map.of("k1.s1", new Principal("k1", Role.ENGINEER),
                "k2.s2", new Principal("k2", Role.ENGINEER)));
    }

    @Test
    void aKeyOverItsRateGets429WithRetryAfterWhileAnotherKeyIsServed() throws Exception {
        server = LetheServer.create(context(), ServerOptions.defaults().withRateLimit(new RateLimiter.Limit(0.001, 2)),
                List.of(PING)).start("127.0.0.1", 0);
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create("http://127.0.0.1:" + server.port() + "/ping");
        HttpRequest k1 = HttpRequest.newBuilder(uri).header("Authorization", "Bearer k1.s1").build();
        assertThat(http.send(k1, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThat(http.send(k1, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        HttpResponse<String> limited = http.send(k1, HttpResponse.BodyHandlers.ofString());
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
        assertThat(limited.body()).contains("\"status\":429").contains("retry after");
        HttpRequest k2 = HttpRequest.newBuilder(uri).header("Authorization", "Bearer k2.s2").build();
        assertThat(http.send(k2, HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("k2");
    }

    @Test
    void withAKeystoreTheServerSpeaksTlsOnlyAndClientsTrustingItsCertificateAreServed() throws Exception {
        char[] password = "changeit".toCharArray();
        KeyStore keystore = selfSigned(password);
        Path file = dir.resolve("server.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            keystore.store(out, password);
        }
        server = LetheServer.create(context(), ServerOptions.defaults().withTls(new TlsConnector(file, "changeit")),
                List.of(PING)).start("127.0.0.1", 0);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(keystore);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, trust.getTrustManagers(), null);
        HttpClient https = HttpClient.newBuilder().sslContext(ssl).build();
        HttpResponse<String> ok = https.send(HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + "/ping"))
                .header("Authorization", "Bearer k1.s1").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("k1");
        HttpRequest plain = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/ping"))
                .header("Authorization", "Bearer k1.s1").build();
        HttpResponse<String> refused = null;
        try {
            refused = HttpClient.newHttpClient().send(plain, HttpResponse.BodyHandlers.ofString());
        } catch (IOException expected) {
            // the TLS connector does not speak plain HTTP
        }
        assertThat(refused == null || refused.statusCode() == 400).as("plain HTTP is not served").isTrue();
        HttpClient untrusting = HttpClient.newHttpClient();
        assertThatThrownBy(() -> untrusting.send(HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + "/ping"))
                .build(), HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
    }

    @Test
    void aMissingKeystoreIsRefusedBeforeTheServerStarts() {
        assertThatThrownBy(() -> new TlsConnector(dir.resolve("none.p12"), "x"))
                .isInstanceOf(dev.lethe.model.InvalidInputException.class).hasMessageContaining("none.p12");
    }

    /** A PKCS#12 keystore with a fresh EC key and a self-signed certificate for localhost. */
    static KeyStore selfSigned(char[] password) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        KeyPair pair = g.generateKeyPair();
        X500Name name = new X500Name("CN=localhost");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(1, ChronoUnit.DAYS)), Date.from(now.plus(1, ChronoUnit.DAYS)), name, pair.getPublic());
        builder.addExtension(org.bouncycastle.asn1.x509.Extension.subjectAlternativeName, false,
                new org.bouncycastle.asn1.x509.GeneralNames(new org.bouncycastle.asn1.x509.GeneralName(
                        org.bouncycastle.asn1.x509.GeneralName.dNSName, "localhost")));
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", pair.getPrivate(), password, new X509Certificate[] {cert});
        return ks;
    }
}
