package dev.lethe.server.opendsr;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * How an identity value is encoded (OpenDSR 2.0 section 5.2): in clear, or as the lowercase or
 * uppercase hexadecimal digest of the identity. A hashed identity is matched against the same digest
 * of each stored subject ID; the processor never learns it in clear unless it already holds it.
 */
public enum IdentityFormat {
    RAW(null, 0), SHA1("SHA-1", 40), MD5("MD5", 32), SHA256("SHA-256", 64);

    private final String digest;
    private final int hexLength;

    IdentityFormat(String digest, int hexLength) {
        this.digest = digest;
        this.hexLength = hexLength;
    }

    /** The format named {@code raw}, {@code sha1}, {@code md5} or {@code sha256}. */
    public static Optional<IdentityFormat> named(String name) {
        for (IdentityFormat f : values()) {
            if (f.wireName().equals(name)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isHashed() {
        return digest != null;
    }

    /** Whether {@code value} looks like a value of this format (hex of the digest's length). */
    public boolean accepts(String value) {
        return !isHashed() || (value.length() == hexLength && value.chars().allMatch(ch -> Character.digit(ch, 16) >= 0));
    }

    /** The lowercase hex digest of {@code subject}'s UTF-8 bytes. */
    public String hash(String subject) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(digest).digest(subject.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(digest, e);
        }
    }
}
