package dev.lethe.privacy.anonymise;

import dev.lethe.data.DataException;
import dev.lethe.data.TextTable;
import dev.lethe.model.InvalidInputException;
import dev.lethe.model.LetheException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * k-anonymity by Mondrian strict multidimensional partitioning (LeFevre, DeWitt, Ramakrishnan, ICDE
 * 2006). A partition is cut along the quasi-identifier of widest normalised range: numbers at the
 * median (values ≤ median, values above), categories into the children of the partition's node in
 * its hierarchy. A cut is allowed when every part keeps ≥ k rows and is l-diverse; parts that fail
 * may instead be suppressed while the suppression budget lasts and at least two parts remain. A
 * partition no cut is allowed on becomes an equivalence class.
 */
public final class Mondrian {

    private final AnonymisationOptions o;
    private final QuasiColumn[] columns;
    private final int[] sensitive;
    private int budget;
    private final List<int[]> suppressed = new ArrayList<>();

    private Mondrian(TextTable table, AnonymisationOptions o) {
        this.o = o;
        this.columns = new QuasiColumn[o.quasi().size()];
        for (int j = 0; j < columns.length; j++) {
            columns[j] = QuasiColumn.encode(table, o.quasi().get(j), o.hierarchies().get(o.quasi().get(j)));
        }
        this.sensitive = o.sensitive() == null ? null : sensitiveCodes(table, o.sensitive());
        this.budget = (int) Math.floor(o.suppress() * table.rows().size());
    }

    /** Anonymises the table; throws {@link InvalidInputException} when k or l cannot hold on the whole data. */
    public static Anonymisation anonymise(TextTable table, AnonymisationOptions o) {
        int n = table.rows().size();
        if (o.k() > n) {
            throw new InvalidInputException("--k " + o.k() + " is larger than the data's " + n + " rows");
        }
        return new Mondrian(table, o).run(n);
    }

    private record Part(int[] rows, int[] depth, int[] node) {
    }

    private Anonymisation run(int n) {
        int[] all = new int[n];
        Arrays.setAll(all, i -> i);
        if (!diverse(all)) {
            throw new InvalidInputException("the whole data is not " + o.l() + "-diverse (" + o.diversity().name().toLowerCase(java.util.Locale.ROOT)
                    + ") in " + LetheException.quote(o.sensitive()) + "; no partition can be: lower --l");
        }
        Deque<Part> work = new ArrayDeque<>();
        work.push(new Part(all, new int[columns.length], new int[columns.length]));
        List<EquivalenceClass> classes = new ArrayList<>();
        while (!work.isEmpty()) {
            Part p = work.pop();
            List<Part> parts = cut(p);
            if (parts == null) {
                classes.add(finish(p.rows()));
            } else {
                parts.forEach(work::push);
            }
        }
        int[] gone = suppressed.stream().flatMapToInt(Arrays::stream).sorted().toArray();
        return new Anonymisation(o.quasi(), classes, gone, n, ncp(classes, gone.length, n), discernibility(classes, gone.length, n));
    }

    /** The parts of the first allowed cut, widest dimension first, or null when none is allowed. */
    private List<Part> cut(Part p) {
        Integer[] order = new Integer[columns.length];
        double[] width = new double[columns.length];
        for (int j = 0; j < columns.length; j++) {
            order[j] = j;
            width[j] = width(p, j);
        }
        Arrays.sort(order, (a, b) -> Double.compare(width[b], width[a]));
        for (int j : order) {
            if (width[j] <= 0) {
                break;
            }
            List<Part> parts = columns[j].numeric ? splitNumeric(p, j) : splitCategorical(p, j);
            if (parts != null && (parts = allowed(parts)) != null) {
                return parts;
            }
        }
        return null;
    }

    private double width(Part p, int j) {
        QuasiColumn c = columns[j];
        if (c.numeric) {
            int[] span = span(c.codes, p.rows());
            return c.range() == 0 ? 0 : (c.values[span[1]] - c.values[span[0]]) / c.range();
        }
        if (p.depth()[j] == c.depth()) {
            return 0;
        }
        String label = c.ancestorLabel[p.depth()[j]][p.node()[j]];
        return (double) c.hierarchy.leavesUnder(p.depth()[j], label) / c.hierarchy.leaves();
    }

    private List<Part> splitNumeric(Part p, int j) {
        int[] codes = columns[j].codes;
        int[] span = span(codes, p.rows());
        int lo = span[0];
        int hi = span[1];
        int[] hist = new int[hi - lo + 1];
        for (int r : p.rows()) {
            hist[codes[r] - lo]++;
        }
        int half = (p.rows().length + 1) / 2;
        int cum = 0;
        int median = lo;
        for (int c = lo; c <= hi; c++) {
            cum += hist[c - lo];
            if (cum >= half) {
                median = c;
                break;
            }
        }
        if (median == hi) { // ties at the top: cut below the largest value instead
            median = hi - 1;
            while (median > lo && hist[median - lo] == 0) {
                median--;
            }
        }
        int left = 0;
        for (int c = lo; c <= median; c++) {
            left += hist[c - lo];
        }
        int[] a = new int[left];
        int[] b = new int[p.rows().length - left];
        int ia = 0;
        int ib = 0;
        for (int r : p.rows()) {
            if (codes[r] <= median) {
                a[ia++] = r;
            } else {
                b[ib++] = r;
            }
        }
        return List.of(new Part(a, p.depth(), p.node()), new Part(b, p.depth(), p.node()));
    }

    /** Children of the partition's node; a node with one child present is refined first (no information is lost by that). */
    private List<Part> splitCategorical(Part p, int j) {
        QuasiColumn c = columns[j];
        int depth = p.depth()[j];
        int[] node = p.node();
        while (depth < c.depth()) {
            Map<Integer, List<Integer>> children = new LinkedHashMap<>();
            for (int r : p.rows()) {
                children.computeIfAbsent(c.ancestor[depth + 1][c.codes[r]], x -> new ArrayList<>()).add(r);
            }
            depth++;
            if (children.size() == 1) {
                node = node.clone();
                node[j] = children.keySet().iterator().next();
                continue;
            }
            List<Part> out = new ArrayList<>();
            for (Map.Entry<Integer, List<Integer>> e : children.entrySet()) {
                int[] d = p.depth().clone();
                d[j] = depth;
                int[] nd = node.clone();
                nd[j] = e.getKey();
                out.add(new Part(e.getValue().stream().mapToInt(Integer::intValue).toArray(), d, nd));
            }
            return out;
        }
        return null;
    }

    /** The parts to keep if the cut is allowed (failing parts suppressed within the budget), else null. */
    private List<Part> allowed(List<Part> parts) {
        List<Part> ok = new ArrayList<>();
        int failing = 0;
        for (Part part : parts) {
            if (part.rows().length >= o.k() && diverse(part.rows())) {
                ok.add(part);
            } else {
                failing += part.rows().length;
            }
        }
        if (failing == 0) {
            return ok;
        }
        if (ok.size() < 2 || failing > budget) {
            return null;
        }
        budget -= failing;
        for (Part part : parts) {
            if (!ok.contains(part)) {
                suppressed.add(part.rows());
            }
        }
        return ok;
    }

    private boolean diverse(int[] rows) {
        return sensitive == null || o.diversity().holds(Diversity.counts(sensitive, rows, 0, rows.length), o.l());
    }

    private EquivalenceClass finish(int[] rows) {
        String[] g = new String[columns.length];
        for (int j = 0; j < columns.length; j++) {
            QuasiColumn c = columns[j];
            if (c.numeric) {
                int[] span = span(c.codes, rows);
                g[j] = Intervals.format(c.values[span[0]], c.values[span[1]]);
            } else {
                int d = commonDepth(c, rows);
                g[j] = c.ancestorLabel[d][c.ancestor[d][c.codes[rows[0]]]];
            }
        }
        return new EquivalenceClass(rows, g);
    }

    /** The smallest and largest code among the rows. */
    private static int[] span(int[] codes, int[] rows) {
        int lo = Integer.MAX_VALUE;
        int hi = Integer.MIN_VALUE;
        for (int r : rows) {
            lo = Math.min(lo, codes[r]);
            hi = Math.max(hi, codes[r]);
        }
        return new int[] {lo, hi};
    }

    /** The deepest level at which all rows share one ancestor. */
    private static int commonDepth(QuasiColumn c, int[] rows) {
        for (int d = c.depth(); d > 0; d--) {
            int first = c.ancestor[d][c.codes[rows[0]]];
            boolean same = true;
            for (int r : rows) {
                if (c.ancestor[d][c.codes[r]] != first) {
                    same = false;
                    break;
                }
            }
            if (same) {
                return d;
            }
        }
        return 0;
    }

    private double ncp(List<EquivalenceClass> classes, int suppressedRows, int n) {
        double total = suppressedRows;
        for (EquivalenceClass e : classes) {
            double penalty = 0;
            for (int j = 0; j < columns.length; j++) {
                QuasiColumn c = columns[j];
                if (c.numeric) {
                    int[] span = span(c.codes, e.rows());
                    penalty += c.range() == 0 ? 0 : (c.values[span[1]] - c.values[span[0]]) / c.range();
                } else {
                    int d = commonDepth(c, e.rows());
                    int leaves = c.hierarchy.leavesUnder(d, e.generalised()[j]);
                    penalty += leaves > 1 ? (double) leaves / c.hierarchy.leaves() : 0;
                }
            }
            total += e.size() * penalty / columns.length;
        }
        return total / n;
    }

    private static long discernibility(List<EquivalenceClass> classes, int suppressedRows, int n) {
        long d = (long) suppressedRows * n;
        for (EquivalenceClass e : classes) {
            d += (long) e.size() * e.size();
        }
        return d;
    }

    private static int[] sensitiveCodes(TextTable table, String name) {
        int col = table.column(name, "--sensitive");
        Map<String, Integer> codes = new HashMap<>();
        int[] out = new int[table.rows().size()];
        for (int i = 0; i < out.length; i++) {
            String v = table.rows().get(i)[col];
            if (v == null) {
                throw new DataException(table.where(i, col) + ": missing sensitive value; drop or impute such rows first");
            }
            out[i] = codes.computeIfAbsent(v, x -> codes.size());
        }
        return out;
    }
}
