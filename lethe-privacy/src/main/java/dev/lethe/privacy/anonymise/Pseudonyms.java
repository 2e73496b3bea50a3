package dev.lethe.privacy.anonymise;

import dev.lethe.model.InvalidInputException;
import dev.lethe.model.NotFoundException;
import dev.lethe.model.PrivateFiles;
import dev.lethe.model.UnavailableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed pseudonyms for a direct identifier: {@code k<n>-<HMAC-SHA256(key n, value), 128 bits in hex>}
 * (the keyed-hash pseudonymisation of ENISA's "Pseudonymisation techniques and best practices",
 * 2019). The keys live in the Lethe home ({@code pseudonym-keys/<n>.key}, 0600); the same key gives
 * the same pseudonym for the same value, so files stay linkable, and rotating to a new key makes
 * every pseudonym new, so files pseudonymised before cannot be linked to those after.
 */
public final class Pseudonyms implements UnaryOperator<String> {

    static final String DIR = "pseudonym-keys";

    private final int keyNumber;
    private final Mac mac;

    private Pseudonyms(int keyNumber, byte[] key) {
        this.keyNumber = keyNumber;
        try {
            this.mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Which key makes the pseudonyms (1 for the home's first). */
    public int keyNumber() {
        return keyNumber;
    }

    @Override
    public synchronized String apply(String value) {
        byte[] h = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
        return "k" + keyNumber + "-" + HexFormat.of().formatHex(h, 0, 16);
    }

    /**
     * The home's current key (the highest number). A home that never had one gets key 1; a home whose
     * key folder exists but holds no key is an error, never silently re-keyed.
     */
    public static Pseudonyms current(Path home) {
        int n = latest(home);
        if (n == 0) {
            return rotate(home);
        }
        try {
            return new Pseudonyms(n, Files.readAllBytes(home.resolve(DIR).resolve(n + ".key")));
        } catch (IOException e) {
            throw new UnavailableException("cannot read pseudonym key " + n + " in " + home + ": " + e.getMessage(), e);
        }
    }

    /** Makes the next key and returns it: pseudonyms from now on differ from every earlier one. */
    public static Pseudonyms rotate(Path home) {
        if (!Files.isDirectory(home)) {
            throw new NotFoundException(home + ": no Lethe home here (give --home DIR or set LETHE_HOME; lethe init makes one)");
        }
        Path dir = home.resolve(DIR);
        boolean had = Files.isDirectory(dir);
        int next = latest(home) + 1;
        if (had && next == 1) {
            throw new InvalidInputException(dir + " holds no key although it exists; restore the keys instead of making new ones");
        }
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        try {
            PrivateFiles.createDirectories(dir);
            Path file = dir.resolve(next + ".key");
            Path tmp = dir.resolve(next + ".key.tmp");
            Files.deleteIfExists(tmp);
            PrivateFiles.createFileIfMissing(tmp);
            Files.write(tmp, key);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UnavailableException("cannot write a pseudonym key in " + dir + ": " + e.getMessage(), e);
        }
        return new Pseudonyms(next, key);
    }

    private static int latest(Path home) {
        Path dir = home.resolve(DIR);
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(f -> f.matches("\\d+\\.key"))
                    .mapToInt(f -> Integer.parseInt(f.substring(0, f.length() - 4))).max().orElse(0);
        } catch (IOException e) {
            throw new UnavailableException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }
}
