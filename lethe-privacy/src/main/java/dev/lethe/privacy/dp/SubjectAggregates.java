package dev.lethe.privacy.dp;

import dev.lethe.data.DataException;
import dev.lethe.data.TextTable;
import dev.lethe.model.InvalidInputException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Differentially private aggregates whose privacy unit is the data subject, not the row. Each
 * subject keeps at most N rows (chosen uniformly at random when it has more), so adding or removing
 * one subject changes a count by at most N and a clamped sum by at most N·max(|L|, |U|); the noise is
 * scaled to that. Counts and sums get discrete Laplace noise (ε-DP); a mean spends ε/2 on its
 * centred sum and ε/2 on its count; a quantile uses the exponential mechanism.
 *
 * <p>With {@code --by}, groups come from the data, so a group that only one subject fills would
 * reveal it: a group is released only when its noisy count reaches τ = N + ⌈b·ln(N/δ)⌉ (b the count's
 * noise scale), which a subject's own groups pass with probability at most δ in all (Korolova et al.,
 * WWW 2009). Sums, means and quantiles spend ε/2 on that count and ε/2 on their values. A subject's
 * N rows across all groups bound the L1 sensitivity of all groups' values together, and an
 * exponential mechanism's privacy loss grows with the rows that change, so ε is spent once in all.
 */
public final class SubjectAggregates {

    private static final double ALPHA = 0.05;

    private final ExactRandom random;

    public SubjectAggregates(ExactRandom random) {
        this.random = random;
    }

    /**
     * Runs the query over the table.
     *
     * @param groupColumn {@code null} for one release over all rows
     */
    public List<Release> run(TextTable table, String subjectColumn, AggregateQuery query, String groupColumn, DpOptions options) {
        int subjectCol = table.column(subjectColumn, "--subject");
        int valueCol = query.column() == null ? -1 : table.column(query.column(), "--query");
        int groupCol = groupColumn == null ? -1 : table.column(groupColumn, "--by");
        if (query.needsBounds() && !options.hasBounds()) {
            throw new InvalidInputException("--query " + query + " needs --bounds L,U: values are clamped to them to bound each subject's influence");
        }
        if (groupCol >= 0 && !(options.delta() > 0)) {
            throw new InvalidInputException("--by needs --delta > 0: groups taken from the data are released only above a noisy threshold, which costs δ");
        }
        double[] values = valueCol < 0 ? null : parseValues(table, valueCol);
        int[] kept = boundContributions(table, subjectCol, options.maxRowsPerSubject());
        Map<String, List<Integer>> groups = new TreeMap<>();
        for (int row : kept) {
            String g = groupCol < 0 ? "" : String.valueOf(table.rows().get(row)[groupCol]);
            groups.computeIfAbsent(g, k -> new ArrayList<>()).add(row);
        }
        List<Release> out = new ArrayList<>();
        if (groupCol < 0) {
            out.add(release(null, groups.getOrDefault("", List.of()), values, query, options, options.epsilon()));
            return out;
        }
        boolean countOnly = query.kind() == AggregateQuery.Kind.COUNT;
        double selectionEpsilon = countOnly ? options.epsilon() : options.epsilon() / 2;
        double selectionScale = options.maxRowsPerSubject() / selectionEpsilon;
        long threshold = options.maxRowsPerSubject() + (long) Math.ceil(selectionScale * Math.log(options.maxRowsPerSubject() / options.delta()));
        for (Map.Entry<String, List<Integer>> e : groups.entrySet()) {
            long noisyCount = e.getValue().size() + laplace(selectionScale);
            if (noisyCount < threshold) {
                continue;
            }
            if (countOnly) {
                out.add(countRelease(e.getKey(), noisyCount, selectionScale, options.epsilon(), options.delta()));
            } else {
                Release r = release(e.getKey(), e.getValue(), values, query, options, options.epsilon() / 2);
                out.add(new Release(r.group(), r.estimate(), r.low(), r.high(), options.epsilon(), options.delta(), r.note()));
            }
        }
        return out;
    }

    /** The threshold and selection are public parameters; the rows kept per subject are drawn uniformly at random. */
    private int[] boundContributions(TextTable table, int subjectCol, int maxRows) {
        Map<String, List<Integer>> bySubject = new HashMap<>();
        List<String[]> rows = table.rows();
        for (int i = 0; i < rows.size(); i++) {
            String s = rows.get(i)[subjectCol];
            if (s == null) {
                throw new DataException(table.where(i, subjectCol) + ": no subject; every row needs one, as the privacy unit is the subject");
            }
            bySubject.computeIfAbsent(s, k -> new ArrayList<>()).add(i);
        }
        return bySubject.values().stream().flatMapToInt(list -> Arrays.stream(keep(list, maxRows))).sorted().toArray();
    }

    private int[] keep(List<Integer> rows, int maxRows) {
        int[] a = rows.stream().mapToInt(Integer::intValue).toArray();
        int limit = Math.min(a.length, maxRows);
        for (int i = 0; i < limit; i++) { // partial Fisher–Yates
            int j = i + (int) random.uniformBelow(a.length - i);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return Arrays.copyOf(a, limit);
    }

    private Release release(String group, List<Integer> rows, double[] values, AggregateQuery query, DpOptions o, double epsilon) {
        int n = o.maxRowsPerSubject();
        return switch (query.kind()) {
            case COUNT -> countRelease(group, rows.size() + laplace(n / epsilon), n / epsilon, epsilon, 0);
            case SUM -> sum(group, rows, values, o, epsilon);
            case MEAN -> mean(group, rows, values, o, epsilon);
            case QUANTILE -> quantile(group, rows, values, query.q(), o, epsilon);
        };
    }

    private static Release countRelease(String group, long noisy, double scale, double epsilon, double delta) {
        long m = DiscreteLaplace.tailBound(scale, ALPHA);
        return new Release(group, noisy, noisy - m, noisy + m, epsilon, delta, "95% interval of the noise; rows beyond each subject's limit are not counted");
    }

    private Release sum(String group, List<Integer> rows, double[] values, DpOptions o, double epsilon) {
        Lattice lattice = Lattice.forBounds(o.lower(), o.upper());
        long total = 0;
        for (int r : rows) {
            total += lattice.units(values[r], o.lower(), o.upper());
        }
        double scale = (double) o.maxRowsPerSubject() * lattice.maxUnits(o.lower(), o.upper()) / epsilon;
        long noisy = total + laplace(scale);
        long m = DiscreteLaplace.tailBound(scale, ALPHA);
        return new Release(group, lattice.value(noisy), lattice.value(noisy - m), lattice.value(noisy + m), epsilon, 0,
                "95% interval of the noise; values clamped to the bounds, rows beyond each subject's limit dropped");
    }

    private Release mean(String group, List<Integer> rows, double[] values, DpOptions o, double epsilon) {
        Lattice lattice = Lattice.forBounds(o.lower(), o.upper());
        long mid = lattice.units((o.lower() + o.upper()) / 2, o.lower(), o.upper());
        long centred = 0;
        for (int r : rows) {
            centred += lattice.units(values[r], o.lower(), o.upper()) - mid;
        }
        long span = Math.max(Math.abs(lattice.units(o.lower(), o.lower(), o.upper()) - mid),
                Math.abs(lattice.units(o.upper(), o.lower(), o.upper()) - mid));
        int n = o.maxRowsPerSubject();
        double sumScale = (double) n * Math.max(1, span) / (epsilon / 2);
        double countScale = n / (epsilon / 2);
        long noisySum = centred + laplace(sumScale);
        long noisyCount = rows.size() + laplace(countScale);
        long ms = DiscreteLaplace.tailBound(sumScale, ALPHA / 2);
        long mc = DiscreteLaplace.tailBound(countScale, ALPHA / 2);
        double estimate = noisyCount <= 0 ? (o.lower() + o.upper()) / 2
                : clamp(lattice.value(mid) + lattice.value(noisySum) / noisyCount, o);
        double low = o.lower();
        double high = o.upper();
        if (noisyCount - mc > 0) {
            double[] corners = {(double) (noisySum - ms) / (noisyCount - mc), (double) (noisySum - ms) / (noisyCount + mc),
                    (double) (noisySum + ms) / (noisyCount - mc), (double) (noisySum + ms) / (noisyCount + mc)};
            low = clamp(lattice.value(mid) + lattice.value(1) * Arrays.stream(corners).min().orElseThrow(), o);
            high = clamp(lattice.value(mid) + lattice.value(1) * Arrays.stream(corners).max().orElseThrow(), o);
        }
        return new Release(group, estimate, low, high, epsilon, 0,
                "95% interval of the noise (sum and count at 97.5% each); values clamped to the bounds");
    }

    private Release quantile(String group, List<Integer> rows, double[] values, double q, DpOptions o, double epsilon) {
        double[] sorted = rows.stream().mapToDouble(r -> clamp(values[r], o)).sorted().toArray();
        Rational eps = Rational.of(epsilon);
        int i = ExponentialQuantile.choose(sorted, o.lower(), o.upper(), Rational.of(q), eps, o.maxRowsPerSubject(), random);
        double estimate = ExponentialQuantile.candidate(i, o.lower(), o.upper());
        double ranks = ExponentialQuantile.rankError(epsilon, o.maxRowsPerSubject(), ALPHA);
        return new Release(group, estimate, Double.NaN, Double.NaN, epsilon, 0, String.format(java.util.Locale.ROOT,
                "with 95%% probability at most %.0f rows lie between the estimate and the true %s-quantile; candidates every %s",
                Math.ceil(ranks), q, (o.upper() - o.lower()) / ExponentialQuantile.CANDIDATES));
    }

    private static double clamp(double v, DpOptions o) {
        return Math.max(o.lower(), Math.min(o.upper(), v));
    }

    private long laplace(double scale) {
        return new DiscreteLaplace(random).sample(Rational.of(scale)).longValueExact();
    }

    private static double[] parseValues(TextTable table, int col) {
        List<String[]> rows = table.rows();
        double[] out = new double[rows.size()];
        for (int i = 0; i < out.length; i++) {
            String v = rows.get(i)[col];
            try {
                if (v == null) {
                    throw new DataException(table.where(i, col) + ": missing value; drop or impute such rows first");
                }
                out[i] = Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new DataException(table.where(i, col) + ": expected a number, got " + dev.lethe.model.LetheException.quote(v));
            }
            if (!Double.isFinite(out[i])) {
                throw new DataException(table.where(i, col) + ": expected a finite number, got " + dev.lethe.model.LetheException.quote(v));
            }
        }
        return out;
    }
}
