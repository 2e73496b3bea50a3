package dev.lethe.server;

import io.javalin.http.Context;

/**
 * How a family of routes writes an error body, for the routes whose standard prescribes its own
 * (OpenDSR 2.0 section 7.6); everything else answers with {@link Problem}. The status is decided
 * by {@link Problems} alone; a format only renders it.
 */
@FunctionalInterface
public interface ErrorFormat {

    /** Writes the body for {@code problem} (its status already set on {@code ctx}). */
    void write(Context ctx, Problem problem, Throwable cause);
}
