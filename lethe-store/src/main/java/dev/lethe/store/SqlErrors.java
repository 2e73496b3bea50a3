package dev.lethe.store;

import dev.lethe.model.LetheException;
import dev.lethe.model.LetheException.Kind;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place where a JDBC failure becomes a {@link StoreException} of the right {@link Kind}, and
 * where it is decided whether the failure is worth another try. Raw driver messages are not passed
 * on: they may repeat a stored value (H2's "Value too long for column" quotes the value), so a
 * message names the SQLState, the column and its limit, and nothing the user sent.
 *
 * <p>SQLStates follow ISO/IEC 9075 (SQL:2016) class codes, shared by H2 and PostgreSQL; the H2
 * vendor codes are those of {@code org.h2.api.ErrorCode}.
 */
final class SqlErrors {

    /** H2: the database file is locked by a process that does not share it, or by a compaction under way. */
    static final int H2_ALREADY_OPEN = 90020;
    /** H2: the connection belongs to a database that was shut down (e.g. compacted by another connection). */
    static final int H2_CLOSED = 90121;
    /** H2: the database has been closed. */
    static final int H2_DATABASE_CLOSED = 90098;
    /** H2: the connection to the server broke. */
    static final int H2_CONNECTION_BROKEN = 90067;
    /** H2: the database is in exclusive mode (another process compacting it, {@code SHUTDOWN COMPACT}). */
    static final int H2_EXCLUSIVE = 90135;

    private static final Pattern H2_COLUMN = Pattern.compile("column \"([A-Za-z_][A-Za-z0-9_]*)[ \"]");
    private static final Pattern LIMIT = Pattern.compile("(?:VARYING|VARCHAR|VARBINARY|BINARY VARYING)\\s*\\((\\d+)\\)",
            Pattern.CASE_INSENSITIVE);

    private SqlErrors() {
    }

    /**
     * Whether the failure is a lost or refused connection that a fresh connection may not meet: the
     * database was shut down for compaction by another connection, its file is locked while that
     * compaction runs, or the network dropped. The statement did not take effect, so it may be retried.
     */
    static boolean isTransient(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            int code = x.getErrorCode();
            if (code == H2_ALREADY_OPEN || code == H2_CLOSED || code == H2_DATABASE_CLOSED || code == H2_CONNECTION_BROKEN
                    || code == H2_EXCLUSIVE) {
                return true;
            }
            String state = x.getSQLState();
            if (state != null && state.startsWith("08")) {
                return true;
            }
        }
        return false;
    }

    /** The failure as a {@link StoreException} whose kind says who must act, with a message that echoes no value. */
    static StoreException map(SQLException e, String where) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (e.getErrorCode() == H2_ALREADY_OPEN) {
            return new StoreException(Kind.UNAVAILABLE, "the registry " + where + " is in use by another process that does not "
                    + "share it (a program opening it without AUTO_SERVER, or a compaction that did not finish in time); "
                    + "try again, or stop that process", e);
        }
        if (isTransient(e)) {
            return new StoreException(Kind.UNAVAILABLE, "the registry database " + where + " cannot be reached (SQLState "
                    + state + "); try again", e);
        }
        if (state.equals("22001")) {
            return new StoreException(Kind.INVALID_INPUT, "a value is longer than the registry allows" + column(e), e);
        }
        if (state.equals("23505")) {
            return new StoreException(Kind.CONFLICT, "the registry already holds an entry with this key" + column(e), e);
        }
        if (state.startsWith("23")) {
            return new StoreException(Kind.CONFLICT, "the change would break the registry's integrity (SQLState " + state + ")", e);
        }
        if (state.equals("40001") || state.equals("40P01") || e.getErrorCode() == 40001) {
            return new StoreException(Kind.CONFLICT, "another command changed the registry at the same time; try again", e);
        }
        if (state.startsWith("22")) {
            return new StoreException(Kind.INVALID_INPUT, "a value does not fit the registry (SQLState " + state + ")"
                    + column(e), e);
        }
        if (state.startsWith("53") || state.startsWith("57") || state.equals("HY000") && e.getErrorCode() == 90028) {
            return new StoreException(Kind.UNAVAILABLE, "the registry database " + where + " is out of resources or shutting "
                    + "down (SQLState " + state + ")", e);
        }
        return new StoreException(Kind.UNAVAILABLE, "database error in " + where + " (SQLState " + state + ", code "
                + e.getErrorCode() + "): " + LetheException.quote(firstLine(e.getMessage())), e);
    }

    /** " (column SUBJECT holds at most 200 characters)", as far as the driver's message tells it, else "". */
    private static String column(SQLException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        Matcher c = H2_COLUMN.matcher(message);
        Matcher l = LIMIT.matcher(message);
        String name = c.find() ? c.group(1) : null;
        String limit = l.find() ? l.group(1) : null;
        if (name == null && limit == null) {
            return "";
        }
        return " (" + (name == null ? "a column" : "column " + name)
                + (limit == null ? "" : " holds at most " + limit + (message.contains("BINARY") ? " bytes" : " characters")) + ")";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        int sql = line.indexOf("; SQL statement:");
        return sql < 0 ? line : line.substring(0, sql);
    }
}
