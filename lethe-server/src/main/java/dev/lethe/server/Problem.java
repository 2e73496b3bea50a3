package dev.lethe.server;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem-details body ({@code application/problem+json}). {@code type} is a URI
 * naming the kind of problem (relative to the server: {@code /problems/not-found}), {@code title}
 * its short fixed description, {@code detail} what happened this time.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail) {

    /** The media type RFC 9457 registers for this body. */
    public static final String MEDIA_TYPE = "application/problem+json";
}
