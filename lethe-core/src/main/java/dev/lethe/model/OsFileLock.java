package dev.lethe.model;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * An operating-system lock on a lock file, which serialises Lethe's writers across processes: the
 * writers of one model file, the appenders of one ledger, the one worker of a home. Within one JVM
 * the operating system grants a file lock to the process as a whole, so a second holder in the same
 * JVM would get {@link OverlappingFileLockException} rather than a wait; here it waits like any
 * other holder. The lock file is created {@code 0600} and left in place (deleting it would let two
 * writers lock two different files of one name).
 */
public final class OsFileLock implements AutoCloseable {

    private static final long MAX_POLL_MILLIS = 20;

    private final FileChannel channel;
    private final FileLock lock;

    private OsFileLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code file}, waiting at most {@code timeout} for its holder ({@link Duration#ZERO}: one try;
     * {@code null}: as long as it takes).
     *
     * @return the lock, or empty when it was still held when the time ran out
     * @throws InterruptedIOException when interrupted while waiting
     */
    public static Optional<OsFileLock> acquire(Path file, Duration timeout) throws IOException {
        FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                PrivateFiles.fileAttributes());
        long deadline = timeout == null ? 0 : System.nanoTime() + timeout.toNanos();
        try {
            for (int tries = 0; ; tries++) {
                FileLock lock = tryLock(channel);
                if (lock != null) {
                    return Optional.of(new OsFileLock(channel, lock));
                }
                if (timeout != null && System.nanoTime() - deadline >= 0) {
                    channel.close();
                    return Optional.empty();
                }
                Thread.sleep(Math.min(1 + tries / 8, MAX_POLL_MILLIS));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            channel.close();
            throw new InterruptedIOException("interrupted while waiting for the lock " + file);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // held in this JVM: wait as for another process
        }
    }

    /** Releases the lock. */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
