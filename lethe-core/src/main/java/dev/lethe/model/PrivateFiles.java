package dev.lethe.model;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and directories only their owner may read: a Lethe home holds every raw row of its datasets,
 * its ledger and its keys, so the home is created {@code 0700} and its files {@code 0600} (POSIX
 * permissions given at creation, so no other user can open them in between). On file systems
 * without POSIX permissions nothing is set and the platform's own access control applies.
 */
public final class PrivateFiles {

    private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private PrivateFiles() {
    }

    /** The attribute that makes a new file {@code 0600} (none on a non-POSIX file system), for {@code Files.createFile} and the like. */
    public static FileAttribute<?>[] fileAttributes() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_FILE)} : new FileAttribute<?>[0];
    }

    /** Creates {@code dir} and any missing parents {@code 0700}; a directory that exists is left as it is. */
    public static Path createDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return dir;
        }
        return POSIX ? Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_DIR)) : Files.createDirectories(dir);
    }

    /** Creates an empty {@code 0600} file unless {@code file} exists. */
    public static void createFileIfMissing(Path file) throws IOException {
        if (!Files.exists(file)) {
            try {
                Files.createFile(file, fileAttributes());
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // another process created it first
            }
        }
    }

    /**
     * Makes a file that a library created with default permissions (H2's lock file, the file a
     * compaction rewrote) {@code 0600}. Only for files inside a private directory, which kept others
     * out in the meantime.
     */
    public static void restrict(Path file) throws IOException {
        if (POSIX && Files.isRegularFile(file)) {
            Files.setPosixFilePermissions(file, OWNER_FILE);
        }
    }
}
