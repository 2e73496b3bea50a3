package dev.lethe.store;

import dev.lethe.model.InvalidInputException;
import dev.lethe.model.LetheException;
import dev.lethe.model.RefusedException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * A dataset's differential-privacy budget and what releases have spent of it (tables
 * {@code privacy_budgets}, {@code privacy_spends}). Spends compose by addition of ε and of δ (basic
 * composition, Dwork et al. 2006); {@link #spend} checks and records in one transaction that holds
 * the budget's row, so two concurrent queries cannot both pass the same remaining budget.
 */
public final class PrivacyBudgets {

    /** A dataset's budget and its spending so far. */
    public record Budget(String dataset, double epsilon, double delta, double spentEpsilon, double spentDelta, int releases) {

        public double remainingEpsilon() {
            return epsilon - spentEpsilon;
        }
    }

    /** Room for float rounding in sums of ε, far below any meaningful privacy difference. */
    private static final double SLACK = 1e-9;

    private final Database db;
    private final DatasetStore datasets;

    public PrivacyBudgets(Registry registry) {
        this.db = registry.database();
        this.datasets = registry.datasets();
    }

    /** Sets (or replaces) a dataset's total budget; a budget below what is already spent is refused. */
    public Budget set(String dataset, double epsilon, double delta) {
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new InvalidInputException("--epsilon must be a positive number, got " + epsilon);
        }
        if (!(delta >= 0 && delta < 1)) {
            throw new InvalidInputException("--delta must be in [0, 1), got " + delta);
        }
        long id = datasets.get(dataset).id();
        return db.transaction(c -> {
            Budget now = budget(c, dataset, id).orElse(null);
            if (now != null && (now.spentEpsilon() > epsilon + SLACK || now.spentDelta() > delta + SLACK)) {
                throw new RefusedException("dataset " + LetheException.quote(dataset) + " has already spent ε = " + now.spentEpsilon()
                        + ", δ = " + now.spentDelta() + "; a budget of ε = " + epsilon + ", δ = " + delta + " is below that");
            }
            try (PreparedStatement del = c.prepareStatement("DELETE FROM privacy_budgets WHERE dataset_id = ?")) {
                del.setLong(1, id);
                del.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO privacy_budgets (dataset_id, epsilon, delta, set_at) VALUES (?, ?, ?, ?)")) {
                ps.setLong(1, id);
                ps.setDouble(2, epsilon);
                ps.setDouble(3, delta);
                ps.setLong(4, Instant.now().toEpochMilli());
                ps.executeUpdate();
            }
            return budget(c, dataset, id).orElseThrow();
        });
    }

    /** The dataset's budget, or empty when none was set. */
    public Optional<Budget> find(String dataset) {
        long id = datasets.get(dataset).id();
        return db.read(c -> budget(c, dataset, id));
    }

    /**
     * Charges a release to the dataset's budget, or refuses it (nothing recorded) when the dataset has
     * no budget or the release would take the spending past it.
     *
     * @param query what was released (no personal data: a query text such as {@code mean(age)})
     * @return the budget after the spend
     */
    public Budget spend(String dataset, double epsilon, double delta, String query) {
        long id = datasets.get(dataset).id();
        return db.transaction(c -> {
            try (PreparedStatement lock = c.prepareStatement("SELECT epsilon FROM privacy_budgets WHERE dataset_id = ? FOR UPDATE")) {
                lock.setLong(1, id);
                try (ResultSet rs = lock.executeQuery()) {
                    if (!rs.next()) {
                        throw new RefusedException("dataset " + LetheException.quote(dataset)
                                + " has no privacy budget; set one with `lethe dp budget --dataset NAME --epsilon E`");
                    }
                }
            }
            Budget b = budget(c, dataset, id).orElseThrow();
            if (b.spentEpsilon() + epsilon > b.epsilon() + SLACK || b.spentDelta() + delta > b.delta() + SLACK) {
                throw new RefusedException(String.format(java.util.Locale.ROOT,
                        "dataset %s: this query needs ε = %s, δ = %s but only ε = %s, δ = %s of the budget (ε = %s, δ = %s) remain",
                        LetheException.quote(dataset), epsilon, delta, Math.max(0, b.remainingEpsilon()),
                        Math.max(0, b.delta() - b.spentDelta()), b.epsilon(), b.delta()));
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO privacy_spends (dataset_id, epsilon, delta, query, spent_at) VALUES (?, ?, ?, ?, ?)")) {
                ps.setLong(1, id);
                ps.setDouble(2, epsilon);
                ps.setDouble(3, delta);
                ps.setString(4, query.length() > 400 ? query.substring(0, 400) : query);
                ps.setLong(5, Instant.now().toEpochMilli());
                ps.executeUpdate();
            }
            return budget(c, dataset, id).orElseThrow();
        });
    }

    private static Optional<Budget> budget(Connection c, String dataset, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT b.epsilon, b.delta, "
                + "(SELECT COALESCE(SUM(s.epsilon), 0) FROM privacy_spends s WHERE s.dataset_id = b.dataset_id), "
                + "(SELECT COALESCE(SUM(s.delta), 0) FROM privacy_spends s WHERE s.dataset_id = b.dataset_id), "
                + "(SELECT COUNT(*) FROM privacy_spends s WHERE s.dataset_id = b.dataset_id) "
                + "FROM privacy_budgets b WHERE b.dataset_id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Budget(dataset, rs.getDouble(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4),
                        rs.getInt(5))) : Optional.empty();
            }
        }
    }
}
