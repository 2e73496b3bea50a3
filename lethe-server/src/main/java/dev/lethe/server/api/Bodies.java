package dev.lethe.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lethe.model.InvalidInputException;
import dev.lethe.server.LetheServer;
import io.javalin.http.Context;

/** Reading JSON request bodies with messages that name the missing or malformed field. */
final class Bodies {

    private Bodies() {}

    static JsonNode json(Context ctx) {
        try {
            JsonNode body = LetheServer.json().readTree(ctx.body());
            if (body == null || !body.isObject()) {
                throw new InvalidInputException("the body must be a JSON object");
            }
            return body;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidInputException("the body is not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")");
        }
    }

    static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            throw new InvalidInputException("field '" + field + "' is required");
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new InvalidInputException("field '" + field + "' must be a non-empty string");
        }
        return v.asText();
    }

    static String optionalText(JsonNode body, String field) {
        return body.hasNonNull(field) ? text(body, field) : null;
    }

    static double number(JsonNode body, String field, double defaultValue) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return defaultValue;
        }
        if (!v.isNumber()) {
            throw new InvalidInputException("field '" + field + "' must be a number");
        }
        return v.asDouble();
    }
}
