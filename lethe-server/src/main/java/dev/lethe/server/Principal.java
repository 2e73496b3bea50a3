package dev.lethe.server;

import java.util.Objects;

/**
 * The caller of a request, as established by an {@link Authenticator}: the key's public ID (never
 * its secret) and its role.
 */
public record Principal(String keyId, Role role) {
    public Principal {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(role, "role");
        if (role == Role.ANYONE) {
            throw new IllegalArgumentException("no principal holds the role ANYONE");
        }
    }
}
