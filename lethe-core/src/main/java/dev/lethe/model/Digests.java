package dev.lethe.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers: one home for how Lethe names states and pseudonymises identifiers. */
public final class Digests {

    private Digests() {
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * A stable pseudonym of an identifier (the first 16 hex digits of its SHA-256), so receipts can
     * refer to a subject without holding its ID in clear. Keyed hashing belongs to the ledger.
     */
    public static String pseudonym(String id) {
        byte[] d = sha256().digest(id.getBytes(StandardCharsets.UTF_8));
        return "sha256:" + hex(d).substring(0, 16);
    }
}
