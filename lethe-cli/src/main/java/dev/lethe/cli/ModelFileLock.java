package dev.lethe.cli;

import dev.lethe.model.ConflictException;
import dev.lethe.model.OsFileLock;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * An operating-system lock ({@link OsFileLock}) on a model file's sibling {@code <model>.lock}, held
 * for a whole read-modify-write so that two {@code lethe} processes changing one model file never both
 * read the same state and one silently overwrites the other's forget (a lost update).
 *
 * <p>A lock held by another process (or elsewhere in this JVM) is waited for, up to a bound, then
 * refused with a {@link ConflictException} naming the model file.
 */
final class ModelFileLock implements AutoCloseable {

    private final OsFileLock lock;

    private ModelFileLock(OsFileLock lock) {
        this.lock = lock;
    }

    /** The lock file of a model file (a resolved path: links followed, so every name of a file shares it). */
    static Path lockFileOf(Path model) {
        return model.resolveSibling(model.getFileName() + ".lock");
    }

    /**
     * Locks {@code model} (its real path), waiting at most {@code timeout} for another holder.
     *
     * @throws ConflictException when the lock is still held after {@code timeout}
     * @throws dev.lethe.model.UnavailableException when the lock file cannot be created
     */
    static ModelFileLock acquire(Path model, Duration timeout) {
        Path lockFile = lockFileOf(model);
        try {
            return new ModelFileLock(OsFileLock.acquire(lockFile, timeout).orElseThrow(() -> new ConflictException(
                    model + ": another lethe process is changing this model (lock " + lockFile + " still held after "
                            + Durations.format(timeout.toNanos()) + "); try again, or wait longer with --lock-timeout")));
        } catch (InterruptedIOException e) {
            throw new ConflictException(model + ": interrupted while waiting for the lock " + lockFile, e);
        } catch (IOException e) {
            throw FileErrors.of(lockFile, "cannot lock", e);
        }
    }

    @Override
    public void close() {
        lock.close();
    }
}
