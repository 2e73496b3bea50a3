package dev.lethe.server;

import java.util.Optional;

/**
 * Checks an API key: its public ID and its secret. Keys are printed once as {@code ID.SECRET}
 * and sent as {@code Authorization: Bearer ID.SECRET} or as HTTP Basic with the ID as user name
 * and the secret as password (as OpenDSR processors commonly accept). The store behind it keeps
 * only a salted hash of each secret; a revoked or unknown key verifies as empty.
 */
@FunctionalInterface
public interface KeyVerifier {

    /** Verifies no key at all: a server without a key store still answers its public routes. */
    KeyVerifier NONE = (id, secret) -> Optional.empty();

    Optional<Principal> verify(String keyId, String secret);

    /** Verifies a key in its printed form {@code ID.SECRET}. */
    default Optional<Principal> verify(String printedKey) {
        int dot = printedKey == null ? -1 : printedKey.indexOf('.');
        if (dot <= 0 || dot == printedKey.length() - 1) {
            return Optional.empty();
        }
        return verify(printedKey.substring(0, dot), printedKey.substring(dot + 1));
    }
}
