package dev.lethe.privacy.dp;

import dev.lethe.model.InvalidInputException;
import dev.lethe.model.LetheException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One aggregate to release: {@code count}, {@code sum(COL)}, {@code mean(COL)} or
 * {@code quantile(COL,q)}.
 *
 * @param column the value column, {@code null} for count
 * @param q      the quantile's rank in [0, 1] (0 for the others)
 */
public record AggregateQuery(Kind kind, String column, double q) {

    /** The aggregates on offer. */
    public enum Kind { COUNT, SUM, MEAN, QUANTILE }

    private static final Pattern FORM = Pattern.compile("\\s*(count|sum|mean|quantile)\\s*(?:\\(\\s*([^,()]+?)\\s*(?:,\\s*([^()]+?)\\s*)?\\))?\\s*");

    /** Parses the {@code --query} text; anything else is an {@link InvalidInputException} naming the forms. */
    public static AggregateQuery parse(String text) {
        Matcher m = FORM.matcher(text);
        String forms = "expected count, sum(COL), mean(COL) or quantile(COL,q)";
        if (!m.matches()) {
            throw new InvalidInputException("--query " + LetheException.quote(text) + ": " + forms);
        }
        Kind kind = Kind.valueOf(m.group(1).toUpperCase(java.util.Locale.ROOT));
        String column = m.group(2);
        String rank = m.group(3);
        if ((kind == Kind.COUNT) != (column == null) || (kind == Kind.QUANTILE) != (rank != null)) {
            throw new InvalidInputException("--query " + LetheException.quote(text) + ": " + forms);
        }
        double q = 0;
        if (rank != null) {
            try {
                q = Double.parseDouble(rank);
            } catch (NumberFormatException e) {
                q = Double.NaN;
            }
            if (!(q >= 0 && q <= 1)) {
                throw new InvalidInputException("--query " + LetheException.quote(text) + ": the quantile's q must be in [0, 1], got "
                        + LetheException.quote(rank));
            }
        }
        return new AggregateQuery(kind, column, q);
    }

    /** Whether the query reads values, and so needs bounds. */
    public boolean needsBounds() {
        return kind != Kind.COUNT;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case COUNT -> "count";
            case QUANTILE -> "quantile(" + column + "," + q + ")";
            default -> kind.name().toLowerCase(java.util.Locale.ROOT) + "(" + column + ")";
        };
    }
}
