package dev.lethe.audit.ledger;

import dev.lethe.model.NotFoundException;
import dev.lethe.model.PrivateFiles;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.stream.Stream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * hashing of subject IDs.
 *
 * <p>They are created once: by {@link #initialise} ({@code lethe init}), or on the first use of a
 * brand-new home (a directory that does not exist yet or is empty). In any other home a missing key
 * file is an error naming it ({@link NotFoundException}), never a reason to make a new one: a new
 * signing key would sign on where the old one stopped and overwrite the public key the ledger's
 * entries verify with, and a new subject secret would change every subject's keyed hash. The signing
 * key changes only by an explicit rotation ({@link Ledger#rotateKey()}); the subject secret never does
 * (see {@link SubjectHasher}). Secret files are readable by the owner only, and a home this class
 * creates is private to its owner, where the file system supports POSIX permissions.
 */
public final class HomeSecrets {

    /** The default home, relative to the working directory. */
    public static final Path DEFAULT = Path.of("lethe-home");

    static final String PRIVATE_KEY = "ledger-ed25519.key";
    static final String PUBLIC_KEY = "ledger-ed25519.pub";
    static final String SUBJECT_SECRET = dev.lethe.store.SubjectKeys.SECRET_FILE;
    /** The next key pair while a rotation is under way: written first, moved into place once the rotation entry is durable. */
    static final String NEXT = ".next";

    private final Path dir;
    /** Whether this object created the home's secrets (so the ledger is new too). */
    private boolean created;

    private HomeSecrets(Path dir) {
        this.dir = dir;
    }

    /**
     * Opens the secrets of a Lethe home; a brand-new home (no directory yet, or an empty one) is
     * initialised first. Keys are read when first needed, so a missing one is reported by the
     * operation that needs it.
     */
    public static HomeSecrets at(Path dir) {
        if (isBrandNew(dir)) {
            return initialise(dir);
        }
        return new HomeSecrets(dir);
    }

    /**
     * Creates the home directory and its secrets where none exists yet ({@code lethe init}); a home
     * that has all of them is opened as it is. A home that has some but not all of them is refused,
     * naming the missing file: part of a home's secrets is never recreated.
     *
     * @throws NotFoundException when some secrets exist and others are missing
     */
    public static HomeSecrets initialise(Path dir) {
        createPrivateDirectory(dir);
        HomeSecrets home = new HomeSecrets(dir);
        if (!anySecret(dir)) {
            home.create();
            home.created = true;
        } else {
            home.signingKeys();
            home.subjectSecret();
        }
        return home;
    }

    /** Whether {@code dir} is a brand-new home: it does not exist, or it is an empty directory. */
    public static boolean isBrandNew(Path dir) {
        if (!Files.exists(dir)) {
            return true;
        }
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new LedgerException("cannot read the Lethe home " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Whether this call made the home's secrets (a new home, whose ledger starts now). */
    boolean created() {
        return created;
    }

    /** Whether any of the home's secrets exists. */
    static boolean anySecret(Path dir) {
        return Files.exists(dir.resolve(PRIVATE_KEY)) || Files.exists(dir.resolve(PUBLIC_KEY))
                || Files.exists(dir.resolve(SUBJECT_SECRET));
    }

    /** Whether every secret of the home exists (a home made by {@link #initialise} or first use). */
    public boolean complete() {
        return Files.exists(dir.resolve(PRIVATE_KEY)) && Files.exists(dir.resolve(PUBLIC_KEY))
                && Files.exists(dir.resolve(SUBJECT_SECRET));
    }

    private static void createPrivateDirectory(Path dir) {
        try {
            PrivateFiles.createDirectories(dir);
        } catch (IOException e) {
            throw new LedgerException("cannot create the Lethe home " + dir + ": " + e.getMessage(), e);
        }
    }

    private synchronized void create() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            writeSecret(dir.resolve(PRIVATE_KEY), pair.getPrivate().getEncoded());
            writeSecret(dir.resolve(PUBLIC_KEY), pair.getPublic().getEncoded());
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            writeSecret(dir.resolve(SUBJECT_SECRET), secret);
        } catch (IOException e) {
            throw new LedgerException("cannot create the keys of the Lethe home " + dir + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks Ed25519", e);
        }
    }

    public Path dir() {
        return dir;
    }

    public Path resolve(String name) {
        return dir.resolve(name);
    }

    /**
     * The ledger's signing key pair.
     *
     * @throws NotFoundException naming the key file when it is missing
     */
    public synchronized KeyPair signingKeys() {
        return read(dir.resolve(PRIVATE_KEY), dir.resolve(PUBLIC_KEY));
    }

    /**
     * The ledger's public key (X.509 bytes): what verification needs, read apart from the private key so
     * that a public key that no longer matches it is reported by verification rather than refused here.
     *
     * @throws NotFoundException naming the file when it is missing
     */
    public synchronized byte[] publicKey() {
        Path pub = dir.resolve(PUBLIC_KEY);
        try {
            return Files.readAllBytes(pub);
        } catch (NoSuchFileException e) {
            throw missing(pub, "the ledger's public key; it is never recreated: restore it from a backup");
        } catch (IOException e) {
            throw new LedgerException("cannot read the ledger's public key " + pub + ": " + e.getMessage(), e);
        }
    }

    /** The key pair a rotation under way will move into place, if one is waiting. */
    synchronized Optional<KeyPair> nextSigningKeys() {
        Path priv = dir.resolve(PRIVATE_KEY + NEXT);
        Path pub = dir.resolve(PUBLIC_KEY + NEXT);
        if (!Files.exists(priv) || !Files.exists(pub)) {
            return Optional.empty();
        }
        return Optional.of(read(priv, pub));
    }

    /** Makes a new key pair and writes it beside the current one, to be moved into place by {@link #promoteNextSigningKeys()}. */
    synchronized KeyPair prepareNextSigningKeys() {
        try {
            discardNextSigningKeys();
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            writeSecret(dir.resolve(PRIVATE_KEY + NEXT), pair.getPrivate().getEncoded());
            writeSecret(dir.resolve(PUBLIC_KEY + NEXT), pair.getPublic().getEncoded());
            return pair;
        } catch (IOException e) {
            throw new LedgerException("cannot write the new ledger key in " + dir + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks Ed25519", e);
        }
    }

    /** Replaces the signing key pair by the prepared one (the public key first, so a crash leaves the pair recoverable). */
    synchronized void promoteNextSigningKeys() {
        try {
            Files.move(dir.resolve(PUBLIC_KEY + NEXT), dir.resolve(PUBLIC_KEY), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            Files.move(dir.resolve(PRIVATE_KEY + NEXT), dir.resolve(PRIVATE_KEY), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new LedgerException("cannot move the new ledger key into place in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Deletes a prepared key pair that no rotation entry names (a rotation that stopped before its entry). */
    synchronized void discardNextSigningKeys() throws IOException {
        Files.deleteIfExists(dir.resolve(PRIVATE_KEY + NEXT));
        Files.deleteIfExists(dir.resolve(PUBLIC_KEY + NEXT));
    }

    private KeyPair read(Path priv, Path pub) {
        try {
            KeyFactory kf = KeyFactory.getInstance("Ed25519");
            PrivateKey privateKey = kf.generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(priv)));
            PublicKey publicKey = kf.generatePublic(new X509EncodedKeySpec(Files.readAllBytes(pub)));
            return new KeyPair(publicKey, privateKey);
        } catch (NoSuchFileException e) {
            throw missing(Path.of(e.getFile()), "the ledger's signing key pair; it is never recreated, since a new key "
                    + "would not verify the entries signed so far: restore it from a backup (keys change only by "
                    + "'lethe ledger rotate-key')");
        } catch (IOException e) {
            throw new LedgerException("cannot read the ledger keys in " + dir + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new LedgerException("the ledger keys in " + dir + " are not valid Ed25519 keys: " + e.getMessage(), e);
        }
    }

    /**
     * The 32-byte secret for keyed hashes of subject IDs.
     *
     * @throws NotFoundException naming the file when it is missing
     */
    public synchronized byte[] subjectSecret() {
        Path file = dir.resolve(SUBJECT_SECRET);
        try {
            byte[] secret = Files.readAllBytes(file);
            if (secret.length < 16) {
                throw new LedgerException("the subject secret " + file + " is too short: expected 32 bytes, got " + secret.length);
            }
            return secret;
        } catch (NoSuchFileException e) {
            throw missing(file, "the secret of the subjects' keyed hashes; it is never recreated, since a new one "
                    + "would change every subject's hash: restore it from a backup");
        } catch (IOException e) {
            throw new LedgerException("cannot read the subject secret " + file + ": " + e.getMessage(), e);
        }
    }

    private static NotFoundException missing(Path file, String what) {
        return new NotFoundException(file + " is missing: " + what);
    }

    private static void writeSecret(Path file, byte[] bytes) throws IOException {
        try {
            Files.createFile(file, PrivateFiles.fileAttributes());
        } catch (FileAlreadyExistsException e) {
            throw new LedgerException("refusing to overwrite " + file);
        }
        Files.write(file, bytes, StandardOpenOption.TRUNCATE_EXISTING);
    }
}
