package dev.lethe.server.opendsr;

import dev.lethe.model.InvalidInputException;
import dev.lethe.model.LetheException;
import dev.lethe.model.PrivateFiles;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The processor's OpenDSR identity: its domain (sent as {@code X-OpenDSR-Processor-Domain}), its
 * private key and the X.509 certificate that {@code /discovery} points to. Signs the exact bytes of
 * each response and callback body (OpenDSR 2.0 sections 4.2, 7.3, 8.3, 8.6). Thread-safe.
 *
 * <p>The specification wants a certificate issued by a trusted CA (section 4.1); for local use
 * {@link #inHome} makes a self-signed one, and production passes the operator's certificate and key
 * with {@link #fromPem}.
 */
public final class ProcessorIdentity {

    private final String domain;
    private final PrivateKey key;
    private final X509Certificate certificate;
    private final SignatureAlgorithm algorithm;
    private final ThreadLocal<Signature> signers;

    public ProcessorIdentity(String domain, PrivateKey key, X509Certificate certificate) {
        this.domain = requireDomain(domain);
        this.key = key;
        this.certificate = certificate;
        this.algorithm = SignatureAlgorithm.forKey(key);
        this.signers = ThreadLocal.withInitial(() -> {
            try {
                return algorithm.signer(key);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot sign with " + algorithm.jcaName(), e);
            }
        });
    }

    /** A fresh key pair and a self-signed certificate for {@code domain}, valid for a year. */
    public static ProcessorIdentity selfSigned(String domain, SignatureAlgorithm algorithm) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm.keyAlgorithm());
            if (algorithm == SignatureAlgorithm.ECDSA_P256) {
                generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            } else {
                generator.initialize(2048, new SecureRandom());
            }
            KeyPair pair = generator.generateKeyPair();
            X500Name name = new X500Name("CN=" + requireDomain(domain));
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
                    new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(Duration.ofDays(365))), name, pair.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, domain)));
            X509CertificateHolder holder = builder.build(new JcaContentSignerBuilder(algorithm.jcaName()).build(pair.getPrivate()));
            return new ProcessorIdentity(domain, pair.getPrivate(), new JcaX509CertificateConverter().getCertificate(holder));
        } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot create a self-signed certificate", e);
        }
    }

    /**
     * The identity kept in {@code dir} ({@code processor.pem} and {@code processor.key}, the key
     * readable by the owner only), created self-signed on first use.
     */
    public static ProcessorIdentity inHome(Path dir, String domain, SignatureAlgorithm algorithm) {
        Path cert = dir.resolve("processor.pem");
        Path keyFile = dir.resolve("processor.key");
        if (Files.exists(cert) && Files.exists(keyFile)) {
            ProcessorIdentity kept = fromPem(domain, cert, keyFile);
            if (kept.algorithm == algorithm && kept.certificate.getNotAfter().after(new Date())
                    && kept.certificate.getSubjectX500Principal().getName().equals("CN=" + domain)) {
                return kept;
            }
        }
        ProcessorIdentity made = selfSigned(domain, algorithm);
        try {
            PrivateFiles.createDirectories(dir);
            Path keyTemp = dir.resolve("processor.key.tmp");
            Files.deleteIfExists(keyTemp);
            PrivateFiles.createFileIfMissing(keyTemp);
            Files.writeString(keyTemp, pem(new org.bouncycastle.util.io.pem.PemObject("PRIVATE KEY", made.key.getEncoded())));
            Files.move(keyTemp, keyFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            Files.writeString(cert, made.certificatePem());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the processor key in " + dir, e);
        }
        return made;
    }

    /** The operator's certificate and private key (PEM; the key PKCS#8 or a traditional key pair). */
    public static ProcessorIdentity fromPem(String domain, Path certificateFile, Path keyFile) {
        try (Reader certReader = Files.newBufferedReader(certificateFile, StandardCharsets.US_ASCII);
             PEMParser certs = new PEMParser(certReader);
             Reader keyReader = Files.newBufferedReader(keyFile, StandardCharsets.US_ASCII);
             PEMParser keys = new PEMParser(keyReader)) {
            Object c = certs.readObject();
            if (!(c instanceof X509CertificateHolder holder)) {
                throw new InvalidInputException(certificateFile + ": no PEM certificate found");
            }
            Object k = keys.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            PrivateKey key = k instanceof PEMKeyPair pair ? converter.getKeyPair(pair).getPrivate()
                    : k instanceof PrivateKeyInfo info ? converter.getPrivateKey(info) : null;
            if (key == null) {
                throw new InvalidInputException(keyFile + ": no unencrypted PEM private key found");
            }
            return new ProcessorIdentity(domain, key, new JcaX509CertificateConverter().getCertificate(holder));
        } catch (IOException | GeneralSecurityException e) {
            throw new InvalidInputException("cannot read the processor certificate or key: " + e.getMessage());
        }
    }

    public String domain() {
        return domain;
    }

    public SignatureAlgorithm algorithm() {
        return algorithm;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The base64 signature of exactly {@code body}. */
    public String sign(byte[] body) {
        Signature signer = signers.get();
        try {
            signer.update(body);
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing failed", e);
        }
    }

    /** The certificate in PEM, as served at the URL {@code /discovery} names. */
    public String certificatePem() {
        return pem(certificate);
    }

    private static String pem(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static String requireDomain(String domain) {
        if (domain == null || !domain.matches("[A-Za-z0-9]([A-Za-z0-9.-]{0,250}[A-Za-z0-9])?")) {
            throw new InvalidInputException("processor domain " + LetheException.quote(domain) + " is not a host name");
        }
        return domain;
    }
}
