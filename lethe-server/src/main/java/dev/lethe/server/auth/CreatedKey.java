package dev.lethe.server.auth;

/**
 * A key just created: its description and its printed form {@code ID.SECRET}, shown once. The
 * secret is not kept anywhere; a lost key is revoked and replaced.
 */
public record CreatedKey(ApiKey key, String printed) {

    @Override
    public String toString() {
        return "CreatedKey[" + key + "]"; // never the secret
    }
}
