package dev.lethe.server.api;

import dev.lethe.model.InvalidInputException;
import dev.lethe.model.LetheException;
import io.javalin.http.Context;
import java.util.List;
import java.util.function.Function;

/** Reading query parameters with one-line messages naming the parameter and its limits. */
final class Params {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private Params() {}

    static int integer(Context ctx, String name, int defaultValue, int min, int max) {
        String text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            return defaultValue;
        }
        try {
            int v = Integer.parseInt(text.trim());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new InvalidInputException("query parameter '" + name + "' must be an integer from " + min + " to " + max
                + ", got " + LetheException.quote(text));
    }

    static boolean bool(Context ctx, String name) {
        String text = ctx.queryParam(name);
        if (text == null || text.isBlank() || text.equalsIgnoreCase("false")) {
            return false;
        }
        if (text.equalsIgnoreCase("true")) {
            return true;
        }
        throw new InvalidInputException("query parameter '" + name + "' must be true or false, got " + LetheException.quote(text));
    }

    static String required(Context ctx, String name) {
        String text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            throw new InvalidInputException("query parameter '" + name + "' is required");
        }
        return text;
    }

    /** One page of {@code all}: {@code offset} and {@code limit} from the query, each item mapped. */
    static <T> Page page(Context ctx, List<T> all, Function<T, ?> map) {
        return page(ctx, all.size(), (offset, limit) -> all.stream().skip(offset).limit(limit).map(map).toList());
    }

    /** Reads one page of a listing held elsewhere (in SQL): {@code read} gets the offset and limit from the query. */
    @FunctionalInterface
    interface PageReader {
        List<?> read(int offset, int limit);
    }

    /** One page of {@code total} items, read by {@code read} with {@code offset} and {@code limit} from the query. */
    static Page page(Context ctx, int total, PageReader read) {
        int offset = integer(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        int limit = integer(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        List<?> items = offset >= total ? List.of() : read.read(offset, limit);
        Integer next = offset + items.size() < total ? offset + items.size() : null;
        return new Page(items, total, offset, limit, next);
    }

    /** A page of a listing: its items, how many there are in all, and the offset of the next page (or null). */
    @com.fasterxml.jackson.databind.annotation.JsonNaming(
            com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Page(List<?> items, int total, int offset, int limit, Integer nextOffset) {
    }
}
