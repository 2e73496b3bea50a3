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

/** {@code lethe serve} in a child JVM: serves OpenDSR with the bootstrap key, and exits 0 on SIGTERM. */
class ServeCommandTest {

    @TempDir
    Path dir;

    @Test
    void servesAndStopsWithStatusZeroOnSigterm() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "serve", "--home", dir.resolve("home").toString(), "--port", "0"));
        builder.environment().put(ServeCommand.BOOTSTRAP_KEY_ENV, "boot.secret-1");
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
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/status")).header("Authorization", "Bearer boot.secret-1").build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/status")).header("Authorization", "Bearer boot.wrong").build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);

            child.destroy(); // SIGTERM
            assertThat(child.waitFor(90, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).isZero();
        } finally {
            child.destroyForcibly();
        }
    }
}
