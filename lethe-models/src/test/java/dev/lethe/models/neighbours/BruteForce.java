package dev.lethe.models.neighbours;

import dev.lethe.data.Dataset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The test oracle: scans every live row, computing the distance independently of {@link MixedDistance}. */
final class BruteForce {

    private BruteForce() {
    }

    static double squaredDistance(Dataset data, int row, double[] x, boolean[] forgotten) {
        double sum = 0;
        for (int j = 0; j < data.numFeatures(); j++) {
            if (forgotten[j]) {
                continue;
            }
            double v = data.value(row, j);
            if (data.schema().feature(j).isCategorical()) {
                sum += v == x[j] ? 0.0 : 1.0;
            } else {
                sum += (x[j] - v) * (x[j] - v);
            }
        }
        return sum;
    }

    /** The k live rows with the smallest (distance, record ID). */
    static Neighbours nearest(Dataset data, boolean[] live, boolean[] forgotten, double[] x, int k) {
        record Candidate(int row, double distance, long id) {
        }
        List<Candidate> all = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            if (live[i]) {
                all.add(new Candidate(i, squaredDistance(data, i, x, forgotten), data.recordId(i)));
            }
        }
        all.sort(Comparator.comparingDouble(Candidate::distance).thenComparingLong(Candidate::id));
        int m = Math.min(k, all.size());
        int[] rows = new int[m];
        double[] d = new double[m];
        for (int i = 0; i < m; i++) {
            rows[i] = all.get(i).row();
            d[i] = all.get(i).distance();
        }
        return new Neighbours(rows, d);
    }
}
