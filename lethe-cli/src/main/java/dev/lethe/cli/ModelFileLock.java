package dev.lethe.cli;

import dev.lethe.model.ConflictException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * An operating-system lock on a model file's sibling {@code <model>.lock}, held for a whole
 * read-modify-write so that two {@code lethe} processes changing one model file never both read the
 * same state and one silently overwrites the other's forget (a lost update). The lock file is left in
 * place afterwards: deleting it would let a third process lock a fresh file while a second still
 * holds the old one.
 *
 * <p>A lock held by another process is waited for, up to a bound, then refused with a
 * {@link ConflictException} naming the model file. A lock held elsewhere in this JVM counts as held.
 */
final class ModelFileLock implements AutoCloseable {

    private static final long POLL_MILLIS = 20;

    private final FileChannel channel;
    private final FileLock lock;

    private ModelFileLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
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
        FileChannel channel;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw FileErrors.of(lockFile, "cannot create the lock file", e);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                FileLock lock = tryLock(channel, lockFile);
                if (lock != null) {
                    return new ModelFileLock(channel, lock);
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw new ConflictException(model + ": another lethe process is changing this model (lock " + lockFile
                            + " still held after " + Durations.format(timeout.toNanos())
                            + "); try again, or wait longer with --lock-timeout");
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(channel);
            throw new ConflictException(model + ": interrupted while waiting for the lock " + lockFile, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static FileLock tryLock(FileChannel channel, Path lockFile) {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // held by this JVM: wait as for another process
        } catch (IOException e) {
            throw FileErrors.of(lockFile, "cannot lock", e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing was locked
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        closeQuietly(channel);
    }
}
