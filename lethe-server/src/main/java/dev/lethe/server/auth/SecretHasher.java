package dev.lethe.server.auth;

import dev.lethe.model.InternalException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2-HMAC-SHA256 (RFC 8018, NIST SP 800-132) over a key's secret with a per-key random salt.
 * The secrets are 256 random bits, so the iteration count is defence in depth for a stolen
 * registry rather than what stops guessing; {@link ApiKeyStore} pays it once per key and process
 * and then compares a SHA-256 of the secret held in memory.
 */
final class SecretHasher {

    /**
     * Iterations for new keys: 75–130 ms once per key and process on a loaded 2-core machine (600,000, the
     * OWASP figure for human passwords, took 750 ms there): too slow for every request, hence the cache.
     */
    static final int ITERATIONS = 60_000;

    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    private SecretHasher() {}

    static byte[] newSalt() {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return salt;
    }

    static byte[] hash(String secret, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(secret.toCharArray(), salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new InternalException("PBKDF2WithHmacSHA256 is not available in this JDK", e);
        } finally {
            spec.clearPassword();
        }
    }

    /** {@code bytes} random bytes in URL-safe Base64 without padding (no '.', so ID.SECRET splits once). */
    static String randomToken(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
