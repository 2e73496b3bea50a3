package dev.lethe.store;

import dev.lethe.model.LetheException.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed digests of subject IDs (HMAC-SHA256, RFC 2104, with the home's subject secret): what the
 * registry indexes its records by instead of the IDs. An index's inner pages keep copies of deleted
 * keys, and compaction copies them as they are; with digests as keys, what such a page keeps of an
 * erased subject is a value nobody without the secret can tie to a person (HMAC is a PRF, RFC 2104 §6).
 * The ledger's keyed subject hash ({@code SubjectHasher}) is the hex of the same digest.
 */
public final class SubjectKeys {

    /** The home's subject secret, kept beside the registry (never in it). */
    public static final String SECRET_FILE = "subject-hmac.key";
    /** The digest's length in bytes (128 bits). */
    public static final int LENGTH = 16;
    /** What the secret's fingerprint is the HMAC of: a label no home uses as a subject ID by accident. */
    static final String CHECK_LABEL = "lethe-subject-key-check";

    private final ThreadLocal<Mac> macs;

    public SubjectKeys(byte[] secret) {
        SecretKeySpec key = new SecretKeySpec(secret.clone(), "HmacSHA256");
        // a Mac per thread, keyed once: keying one costs more than the HMAC of a short ID
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(key);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK lacks HmacSHA256", e);
            }
        });
    }

    /** The full HMAC of the UTF-8 text. */
    public byte[] mac(String text) {
        return macs.get().doFinal(text.getBytes(StandardCharsets.UTF_8)); // leaves the Mac keyed and reset
    }

    /**
     * A keyed fingerprint of the secret: {@code key-check:} and the full HMAC of {@link #CHECK_LABEL}.
     * Two homes get the same one exactly when they hash subjects alike; it reveals nothing of the secret
     * (HMAC is a PRF, RFC 2104 §6). The registry records the first home's ({@link SubjectKeyRecord}).
     */
    public String fingerprint() {
        return "key-check:" + dev.lethe.model.Digests.hex(mac(CHECK_LABEL));
    }

    /** The subject's digest: the first {@link #LENGTH} bytes of its HMAC. */
    public byte[] of(String subjectId) {
        return Arrays.copyOf(mac(subjectId), LENGTH);
    }

    /**
     * The digests of the home at {@code homeDir}, its secret read when first needed, so that a home that
     * stores no subject needs none.
     *
     * @return a supplier that throws a {@link StoreException} of kind {@code NOT_FOUND}, naming the file,
     *         when the secret is missing
     */
    static Supplier<SubjectKeys> inHome(Path homeDir) {
        Path file = homeDir.resolve(SECRET_FILE);
        return new Supplier<>() {
            private SubjectKeys keys;

            @Override
            public synchronized SubjectKeys get() {
                if (keys == null) {
                    keys = new SubjectKeys(read(file));
                }
                return keys;
            }
        };
    }

    /** For a registry opened without a home: storing or finding a subject is refused. */
    static Supplier<SubjectKeys> none() {
        return () -> {
            throw new StoreException(Kind.UNAVAILABLE, "this registry was opened without a Lethe home, whose subject "
                    + "secret keys the digests records are found by");
        };
    }

    private static byte[] read(Path file) {
        try {
            byte[] secret = Files.readAllBytes(file);
            if (secret.length < LENGTH) {
                throw new StoreException(Kind.INVALID_INPUT, "the subject secret " + file + " is too short: expected 32 bytes, got "
                        + secret.length);
            }
            return secret;
        } catch (NoSuchFileException e) {
            throw new StoreException(Kind.NOT_FOUND, file + " is missing: the registry finds records by their subject's "
                    + "keyed digest; a new home gets the secret from `lethe init`, an existing one from a backup");
        } catch (IOException e) {
            throw new StoreException(Kind.UNAVAILABLE, "cannot read the subject secret " + file + ": " + e.getMessage(), e);
        }
    }
}
