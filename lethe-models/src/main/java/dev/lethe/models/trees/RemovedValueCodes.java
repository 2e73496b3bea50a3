package dev.lethe.models.trees;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The values of one forget batch's removed rows, coded once for every tree: per feature, the batch's
 * distinct values ascending ({@link #levels}) and each removed row's value as its index there
 * ({@link #codes}, indexed by row). A node losing many of these rows then counts them per code in one
 * branch-free pass and walks its thresholds against the levels ({@link TreeGrower#subtractAll}),
 * instead of a binary search among the thresholds per row, node and feature (DaRE's deletion updates
 * the same statistics, Brophy &amp; Lowd 2021 §4). A feature with more than {@link #MAX_LEVELS}
 * distinct values in the batch (or a NaN) has no codes and keeps the per-row search. Nothing here
 * outlives the batch, so no forgotten value stays behind.
 */
final class RemovedValueCodes {

    /** Most distinct values a feature may have in the batch to be coded. */
    static final int MAX_LEVELS = 256;

    private final double[][] levels;
    private final char[][] codes;

    private RemovedValueCodes(double[][] levels, char[][] codes) {
        this.levels = levels;
        this.codes = codes;
    }

    /** Codes the active features' values of {@code rows} (the batch's removed rows). */
    static RemovedValueCodes of(ForestColumns cols, int[] rows) {
        int d = cols.numFeatures();
        double[][] levels = new double[d][];
        char[][] codes = new char[d][];
        IntStream.range(0, d).parallel().filter(f -> cols.active[f]).forEach(f -> {
            double[] col = cols.x[f];
            double[] distinct = distinct(col, rows);
            if (distinct != null) {
                char[] code = new char[col.length];
                for (int r : rows) {
                    code[r] = (char) Arrays.binarySearch(distinct, col[r]);
                }
                levels[f] = distinct;
                codes[f] = code;
            }
        });
        return new RemovedValueCodes(levels, codes);
    }

    /** The distinct values of {@code col} at {@code rows}, ascending, or null beyond {@link #MAX_LEVELS} or on a NaN. */
    private static double[] distinct(double[] col, int[] rows) {
        double[] seen = new double[16];
        int size = 0;
        for (int r : rows) {
            double v = col[r];
            if (v != v) {
                return null;
            }
            int at = Arrays.binarySearch(seen, 0, size, v);
            if (at >= 0) {
                continue;
            }
            if (size == MAX_LEVELS) {
                return null;
            }
            if (size == seen.length) {
                seen = Arrays.copyOf(seen, 2 * size);
            }
            at = -at - 1;
            System.arraycopy(seen, at, seen, at + 1, size - at);
            seen[at] = v;
            size++;
        }
        return Arrays.copyOf(seen, size);
    }

    /** The feature's distinct values in the batch, ascending, or null when it is not coded. */
    double[] levels(int feature) {
        return levels[feature];
    }

    /** The feature's codes by row (meaningful at the batch's rows only), or null when it is not coded. */
    char[] codes(int feature) {
        return codes[feature];
    }
}
