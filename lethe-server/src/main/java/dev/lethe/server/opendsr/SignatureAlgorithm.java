package dev.lethe.server.opendsr;

import java.util.Locale;

/**
 * How the processor signs its responses and callbacks (OpenDSR 2.0 section 4.2: FIPS 186-4).
 * ECDSA on P-256 is the default: it signs in a fraction of RSA's time; RSA (2048 bits) is what
 * mParticle's processor uses. Both produce signatures that {@code openssl dgst -sha256 -verify}
 * accepts (ECDSA in its DER form).
 *
 * <p>ECDSA signs with Bouncy Castle's implementation (a fixed-point comb over P-256's special-form
 * field): about 55 µs of CPU per signature on this project's 2-core machine against 340 µs for
 * JDK 17's SunEC, the largest single cost of an accepted request (each answer is signed twice).
 * The signatures are the same standard DER ECDSA (FIPS 186-4) any verifier accepts. RSA stays with
 * the JDK, whose CRT exponentiation is the faster of the two.
 */
public enum SignatureAlgorithm {
    ECDSA_P256("EC", "SHA256withECDSA", true),
    RSA_2048("RSA", "SHA256withRSA", false);

    /** Not registered with the JVM: only the processor's signers use it. */
    private static final java.security.Provider BOUNCY_CASTLE = new org.bouncycastle.jce.provider.BouncyCastleProvider();

    private final String keyAlgorithm;
    private final String jcaName;
    private final boolean bouncyCastle;

    SignatureAlgorithm(String keyAlgorithm, String jcaName, boolean bouncyCastle) {
        this.keyAlgorithm = keyAlgorithm;
        this.jcaName = jcaName;
        this.bouncyCastle = bouncyCastle;
    }

    /** A new signer of this algorithm, ready to sign with {@code key}; one per thread (signers are not thread-safe). */
    java.security.Signature signer(java.security.PrivateKey key) throws java.security.GeneralSecurityException {
        java.security.Signature s = bouncyCastle ? java.security.Signature.getInstance(jcaName, BOUNCY_CASTLE)
                : java.security.Signature.getInstance(jcaName);
        s.initSign(key);
        return s;
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
