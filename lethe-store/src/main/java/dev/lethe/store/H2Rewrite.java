package dev.lethe.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.h2.message.DbException;
import org.h2.message.TraceSystem;
import org.h2.mvstore.MVStoreTool;
import org.h2.store.FileLock;
import org.h2.store.FileLockMethod;

/**
 * Rewrites an embedded H2 registry file so that deleted rows and purged versions are gone from it,
 * without compressing it. H2's {@code SHUTDOWN COMPACT} copies the live pages of the MVStore into a new
 * file that atomically replaces the old one, but it always LZF-compresses every page it writes: 35-45 %
 * of the copy's CPU on a benchmark registry (and every later read of those pages decompresses them),
 * for a file 2.5 times smaller that hides nothing from whoever decompresses it, while it hides erased
 * bytes from a byte search. Here the same copy is made by
 * {@link MVStoreTool#compact(String, boolean)} without compression: the database is shut down, its lock
 * file is taken exactly as H2 takes it (so that no process opens the file meanwhile, and one that
 * tries waits and retries), the live pages are copied into {@code NAME.mv.db.tempFile}, which is then
 * moved over the file in one atomic rename, and the lock is let go.
 *
 * <p>The guarantee is the same as {@code SHUTDOWN COMPACT}'s: only pages reachable from the last
 * commit are copied, so the new file holds no stale page. A crash before the rename leaves the old file
 * whole (and the scrub still marked as pending in it, done again by the next worker) plus a partial
 * temporary file that H2 deletes when it next opens the database; a crash after it leaves the new file.
 */
final class H2Rewrite {

    private H2Rewrite() {
    }

    /**
     * Shuts the database down through {@code c} and rewrites {@code file} uncompressed. Returns false,
     * having changed nothing, when another process opened the database again between the shutdown and
     * the taking of its lock: the caller then compacts through that process with {@code SHUTDOWN COMPACT}.
     */
    static boolean shutDownAndRewrite(Connection c, Path file) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        }
        String name = file.toString();
        String base = name.substring(0, name.length() - ".mv.db".length());
        TraceSystem silent = new TraceSystem(null);
        silent.setLevelFile(TraceSystem.OFF);
        FileLock lock = new FileLock(silent, base + ".lock.db", org.h2.engine.Constants.LOCK_SLEEP);
        try {
            lock.lock(FileLockMethod.FILE);
        } catch (DbException taken) {
            return false;
        }
        try {
            MVStoreTool.compact(name, false);
        } finally {
            lock.unlock();
        }
        return true;
    }
}
