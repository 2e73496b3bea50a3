package dev.lethe.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lethe.server.LetheServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small HTTP client for the tests: one key, JSON in and out. */
record ApiClient(LetheServer server, String key) {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    HttpResponse<String> send(String method, String path, String body, String contentType) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
        return send("GET", path, null, null);
    }

    HttpResponse<String> post(String path, String json) throws Exception {
        return send("POST", path, json, "application/json");
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return LetheServer.json().readTree(r.body());
    }

    /** Polls a job until it finishes (bounded), returning its last status. */
    JsonNode await(JsonNode job) throws Exception {
        String path = job.get("links").get("self").asText();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        JsonNode status = job;
        while (System.nanoTime() < deadline) {
            status = json(get(path));
            String state = status.get("state").asText();
            if (state.equals("succeeded") || state.equals("failed")) {
                return status;
            }
            Thread.sleep(50);
        }
        return status;
    }
}
