package dev.lethe.audit.ledger;

import dev.lethe.model.PrivateFiles;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;

/**
 * The secrets a Lethe home directory (default {@code ./lethe-home}) keeps besides its registry
 * ({@code dev.lethe.store.LetheHome}): the ledger's Ed25519 key pair and the secret for keyed
 * hashing of subject IDs, each created on first use and never overwritten. Secret files are
 * made readable by the owner only where the file system supports POSIX permissions.
 */
public final class HomeSecrets {

    /** The default home, relative to the working directory. */
    public static final Path DEFAULT = Path.of("lethe-home");

    static final String PRIVATE_KEY = "ledger-ed25519.key";
    static final String PUBLIC_KEY = "ledger-ed25519.pub";
    static final String SUBJECT_SECRET = "subject-hmac.key";

    private final Path dir;

    private HomeSecrets(Path dir) {
        this.dir = dir;
    }

    /** Opens (creating the directory if needed) a Lethe home. */
    public static HomeSecrets at(Path dir) {
        try {
            PrivateFiles.createDirectories(dir);
        } catch (IOException e) {
            throw new LedgerException("cannot create the Lethe home " + dir + ": " + e.getMessage(), e);
        }
        return new HomeSecrets(dir);
    }

    public Path dir() {
        return dir;
    }

    public Path resolve(String name) {
        return dir.resolve(name);
    }

    /** The ledger's signing key pair, generated on first use. */
    public synchronized KeyPair signingKeys() {
        Path priv = dir.resolve(PRIVATE_KEY);
        Path pub = dir.resolve(PUBLIC_KEY);
        try {
            if (!Files.exists(priv)) {
                KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
                writeSecret(priv, pair.getPrivate().getEncoded());
                Files.write(Files.createFile(pub, PrivateFiles.fileAttributes()), pair.getPublic().getEncoded());
            }
            KeyFactory kf = KeyFactory.getInstance("Ed25519");
            PrivateKey privateKey = kf.generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(priv)));
            PublicKey publicKey = kf.generatePublic(new X509EncodedKeySpec(Files.readAllBytes(pub)));
            return new KeyPair(publicKey, privateKey);
        } catch (IOException e) {
            throw new LedgerException("cannot read or create the ledger keys in " + dir + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new LedgerException("the ledger keys in " + dir + " are not valid Ed25519 keys: " + e.getMessage(), e);
        }
    }

    /** The 32-byte secret for keyed hashes of subject IDs, generated on first use. */
    public synchronized byte[] subjectSecret() {
        Path file = dir.resolve(SUBJECT_SECRET);
        try {
            if (!Files.exists(file)) {
                byte[] secret = new byte[32];
                new SecureRandom().nextBytes(secret);
                writeSecret(file, secret);
            }
            byte[] secret = Files.readAllBytes(file);
            if (secret.length < 16) {
                throw new LedgerException("the subject secret " + file + " is too short: expected 32 bytes, got " + secret.length);
            }
            return secret;
        } catch (IOException e) {
            throw new LedgerException("cannot read or create the subject secret " + file + ": " + e.getMessage(), e);
        }
    }

    private static void writeSecret(Path file, byte[] bytes) throws IOException {
        try {
            Files.createFile(file, PrivateFiles.fileAttributes());
        } catch (FileAlreadyExistsException e) {
            throw new LedgerException("refusing to overwrite " + file);
        }
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the directory's own protection applies
        }
        Files.write(file, bytes, StandardOpenOption.TRUNCATE_EXISTING);
    }
}
