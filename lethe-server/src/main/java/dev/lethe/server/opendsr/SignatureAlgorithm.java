package dev.lethe.server.opendsr;

import java.util.Locale;

/**
 * How the processor signs its responses and callbacks (OpenDSR 2.0 section 4.2: FIPS 186-4).
 * ECDSA on P-256 is the default: it signs in a fraction of RSA's time; RSA (2048 bits) is what
 * mParticle's processor uses. Both produce signatures that {@code openssl dgst -sha256 -verify}
 * accepts (ECDSA in its DER form).
 */
public enum SignatureAlgorithm {
    ECDSA_P256("EC", "SHA256withECDSA"),
    RSA_2048("RSA", "SHA256withRSA");

    private final String keyAlgorithm;
    private final String jcaName;

    SignatureAlgorithm(String keyAlgorithm, String jcaName) {
        this.keyAlgorithm = keyAlgorithm;
        this.jcaName = jcaName;
    }

    public String keyAlgorithm() {
        return keyAlgorithm;
    }

    public String jcaName() {
        return jcaName;
    }

    /** {@code ecdsa} or {@code rsa}, case-insensitive. */
    public static SignatureAlgorithm named(String name) {
        return switch (name == null ? "" : name.trim().toLowerCase(Locale.ROOT)) {
            case "ecdsa", "ec", "ecdsa_p256" -> ECDSA_P256;
            case "rsa", "rsa_2048" -> RSA_2048;
            default -> throw new dev.lethe.model.InvalidInputException("unknown signature algorithm "
                    + dev.lethe.model.LetheException.quote(name) + ": expected ecdsa or rsa");
        };
    }

    /** The algorithm that goes with a key ({@code EC} or {@code RSA}). */
    static SignatureAlgorithm forKey(java.security.Key key) {
        return "RSA".equals(key.getAlgorithm()) ? RSA_2048 : ECDSA_P256;
    }
}
