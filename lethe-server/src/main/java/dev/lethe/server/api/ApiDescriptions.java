package dev.lethe.server.api;

import io.javalin.http.HandlerType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the OpenAPI document says about each route beyond the route table's summary: a longer
 * description, the query parameters, the request body's media type and the success status.
 */
public final class ApiDescriptions {

    /**
     * One route's documentation.
     *
     * @param query      the query parameters it reads
     * @param bodyType   the media type of its request body, or {@code null} when it takes none
     * @param status     the status of a successful answer
     * @param resultType the media type of a successful answer
     */
    public record Doc(String description, List<String> query, String bodyType, int status, String resultType) {
        public Doc {
            query = List.copyOf(query);
        }

        /** A JSON answer with status 200 and no body or query. */
        public static Doc of(String description) {
            return new Doc(description, List.of(), null, 200, "application/json");
        }

        public Doc query(String... names) {
            return new Doc(description, List.of(names), bodyType, status, resultType);
        }

        public Doc body(String mediaType) {
            return new Doc(description, query, mediaType, status, resultType);
        }

        public Doc status(int code) {
            return new Doc(description, query, bodyType, code, resultType);
        }

        public Doc answers(String mediaType) {
            return new Doc(description, query, bodyType, status, mediaType);
        }
    }

    private final Map<String, Doc> docs = new ConcurrentHashMap<>();

    public void put(HandlerType method, String path, Doc doc) {
        docs.put(method + " " + path, doc);
    }

    public Optional<Doc> find(HandlerType method, String path) {
        return Optional.ofNullable(docs.get(method + " " + path));
    }
}
