package dev.lethe.cli;

import dev.lethe.model.UnavailableException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * I/O failures in the words a user can act on: {@code "<file>: <what failed>: permission denied"}.
 * The JDK's own messages of {@link FileSystemException} are a bare path, which says nothing.
 */
final class FileErrors {

    private FileErrors() {
    }

    /** An I/O failure on {@code file} as a one-line {@link UnavailableException} (exit 2). */
    static UnavailableException of(Path file, String action, IOException e) {
        return new UnavailableException(file + ": " + action + ": " + reason(e), e);
    }

    /** Why an I/O operation failed, without the path the JDK puts in front of it. */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "a directory that is not empty";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
