package dev.lethe.djl.dp;

import dev.lethe.data.Attribute;
import dev.lethe.data.Dataset;
import dev.lethe.data.Schema;

/**
 * Rows as network inputs without looking at the data: numeric features times a fixed {@code scale}
 * (1/255 for pixels, say), categorical features one-hot over the schema's levels. Standardising by the
 * data's own mean and spread, as the non-private networks do, would spend privacy that no accountant
 * counts, so DP networks take the scale as a setting.
 */
record DpInputs(int[] levels, double scale) {

    static DpInputs of(Schema schema, double scale) {
        int[] levels = new int[schema.numFeatures()];
        for (int j = 0; j < levels.length; j++) {
            Attribute a = schema.feature(j);
            levels[j] = a.isCategorical() ? a.numLevels() : 0;
        }
        return new DpInputs(levels, scale);
    }

    /** Whether the features are square greyscale images: side × side numeric features, side ≥ 8. */
    static boolean images(Schema schema) {
        int w = schema.numFeatures();
        int side = (int) Math.round(Math.sqrt(w));
        if (side < 8 || side * side != w) {
            return false;
        }
        for (int j = 0; j < w; j++) {
            if (schema.feature(j).isCategorical()) {
                return false;
            }
        }
        return true;
    }

    int width() {
        int w = 0;
        for (int l : levels) {
            w += l == 0 ? 1 : l;
        }
        return w;
    }

    void encode(double[] row, float[] out, int offset) {
        int at = offset;
        for (int j = 0; j < levels.length; j++) {
            if (levels[j] == 0) {
                out[at++] = (float) (row[j] * scale);
            } else {
                int level = (int) row[j];
                if (level >= 0 && level < levels[j]) {
                    out[at + level] = 1;
                }
                at += levels[j];
            }
        }
    }

    /** Every row of {@code data}, encoded: n × width. */
    float[] encodeAll(Dataset data) {
        int w = width();
        float[] x = new float[data.size() * w];
        double[] row = new double[data.numFeatures()];
        for (int i = 0; i < data.size(); i++) {
            encode(data.copyRow(i, row), x, i * w);
        }
        return x;
    }
}
