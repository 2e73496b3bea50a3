package dev.lethe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lethe serve} in a child JVM: serves OpenDSR to a key made by {@code lethe keys}, and exits 0 on SIGTERM. */
class ServeCommandTest {

    @TempDir
    Path dir;

    @Test
    void servesAndStopsWithStatusZeroOnSigterm() throws Exception {
        Path homeDir = dir.resolve("home");
        dev.lethe.audit.ledger.Ledger.initialiseIfNew(homeDir);
        String key;
        try (dev.lethe.store.LetheHome home = dev.lethe.store.LetheHome.open(homeDir)) {
            key = new dev.lethe.server.auth.ApiKeyStore(home.registry().database())
                    .create(dev.lethe.server.Role.CONTROLLER, "test controller").printed();
        }
        String keyId = key.substring(0, key.indexOf('.'));
        ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "serve", "--home", dir.resolve("home").toString(), "--port", "0"));
        Process child = builder.redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            Matcher listening = null;
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                listening = Pattern.compile("listening on (http://[0-9.:]+)").matcher(line);
                if (listening.find()) {
                    break;
                }
            }
            assertThat(listening).isNotNull();
            String base = listening.group(1);
            HttpClient http = HttpClient.newHttpClient();
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/discovery")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/status")).header("Authorization", "Bearer " + key).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/status")).header("Authorization", "Bearer " + keyId + ".wrong").build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);

            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/ui/sign-in")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/datasets")).header("Authorization", "Bearer " + key).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403); // a controller key is not an engineer's

            child.destroy(); // SIGTERM
            assertThat(child.waitFor(90, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).isZero();
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void badTlsAndRateLimitFlagsAreRefusedBeforeAnythingStarts() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ServeCommand.options(null, null, -1))
                .hasMessageContaining("--rate-limit");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ServeCommand.options(dir.resolve("none.p12"), "x", 0))
                .hasMessageContaining("no such file");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
            java.nio.file.Files.writeString(dir.resolve("ks.p12"), "x");
            ServeCommand.options(dir.resolve("ks.p12"), null, 0);
        }).hasMessageContaining(ServeCommand.TLS_PASSWORD_ENV);
        assertThat(ServeCommand.options(null, null, 5).rateLimit().perSecond()).isEqualTo(5.0);
    }
}
