package dev.lethe.models.neighbours;

import dev.lethe.data.Attribute;
import dev.lethe.data.Dataset;
import java.util.Random;

/** Query rows for tests: training rows (exact duplicates), perturbed training rows, and rows at random. */
final class Queries {

    private Queries() {
    }

    static double[] random(Dataset data, Random r) {
        double[] x = data.row(r.nextInt(data.size()));
        int kind = r.nextInt(3);
        for (int j = 0; j < x.length; j++) {
            Attribute a = data.schema().feature(j);
            if (kind == 0) {
                break; // an exact training row
            }
            if (a.isCategorical()) {
                if (r.nextInt(4) == 0) {
                    x[j] = r.nextInt(a.numLevels());
                }
            } else if (kind == 1) {
                x[j] += r.nextInt(3) - 1; // moves rounded values onto other grid points: many ties
            } else {
                x[j] += r.nextGaussian() * (1 + Math.abs(x[j]));
            }
        }
        return x;
    }
}
