package dev.lethe.server.auth;

import dev.lethe.server.Role;
import java.time.Instant;

/**
 * An API key as {@code lethe keys list} shows it: never its secret nor its hash.
 *
 * @param name      what the key is for (free text), or {@code null}
 * @param revokedAt when it was revoked, or {@code null} while it is valid
 */
public record ApiKey(String id, String name, Role role, Instant createdAt, Instant revokedAt) {

    public boolean isRevoked() {
        return revokedAt != null;
    }
}
