package dev.lethe.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * Opens homes for the store's tests, which run without the audit module that creates a home's secrets:
 * a home gets a random subject secret first, as {@code lethe init} gives it, so its registry can store
 * and find subjects ({@link SubjectKeys}).
 */
final class TestHomes {

    private TestHomes() {
    }

    static LetheHome open(Path dir) {
        return open(dir, null, null, null);
    }

    static LetheHome open(Path dir, String dbUrl, String user, String password) {
        giveSubjectSecret(dir);
        return LetheHome.open(dir, dbUrl, user, password);
    }

    static void giveSubjectSecret(Path dir) {
        Path file = dir.resolve(SubjectKeys.SECRET_FILE);
        try {
            dev.lethe.model.PrivateFiles.createDirectories(dir);
            if (!Files.exists(file)) {
                dev.lethe.model.PrivateFiles.createFileIfMissing(file);
                byte[] secret = new byte[32];
                new SecureRandom().nextBytes(secret);
                Files.write(file, secret);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
