package dev.lethe.djl;

import dev.lethe.data.Attribute;
import dev.lethe.data.Dataset;
import dev.lethe.data.Schema;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Turns a row into network inputs: numeric features standardised, categorical features one-hot.
 * In image mode (the CNN) every feature is a pixel and one mean and spread serve them all. The
 * statistics come from the data of the first training step and are part of every checkpoint, so
 * resuming from a checkpoint scales inputs exactly as the first step did.
 */
final class InputEncoder {

    private final int[] levels;
    private final double[] mean;
    private final double[] scale;
    private final boolean image;
    private final int width;

    private InputEncoder(int[] levels, double[] mean, double[] scale, boolean image) {
        this.levels = levels;
        this.mean = mean;
        this.scale = scale;
        this.image = image;
        int w = 0;
        for (int l : levels) {
            w += l == 0 ? 1 : l;
        }
        this.width = w;
    }

    /** @param image one mean and spread for every numeric feature (pixels share their unit); categorical stay one-hot */
    static InputEncoder fit(Dataset data, boolean image) {
        Schema schema = data.schema();
        int d = schema.numFeatures();
        int[] levels = new int[d];
        double[] mean = new double[d];
        double[] scale = new double[d];
        for (int j = 0; j < d; j++) {
            Attribute a = schema.feature(j);
            levels[j] = a.isCategorical() ? a.numLevels() : 0;
        }
        int n = data.size();
        if (image) {
            double sum = 0;
            double sq = 0;
            long count = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < d; j++) {
                    if (levels[j] > 0) {
                        continue;
                    }
                    count++;
                    double v = data.value(i, j);
                    sum += v;
                    sq += v * v;
                }
            }
            double m = count == 0 ? 0 : sum / count;
            double sd = count == 0 ? 1 : Math.sqrt(Math.max(0, sq / count - m * m));
            for (int j = 0; j < d; j++) {
                mean[j] = levels[j] > 0 ? 0 : m;
                scale[j] = levels[j] > 0 || sd == 0 ? 1 : 1 / sd;
            }
        } else {
            for (int j = 0; j < d; j++) {
                if (levels[j] > 0) {
                    continue;
                }
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    sum += data.value(i, j);
                }
                double m = n == 0 ? 0 : sum / n;
                double ss = 0;
                for (int i = 0; i < n; i++) {
                    double e = data.value(i, j) - m;
                    ss += e * e;
                }
                double sd = n == 0 ? 0 : Math.sqrt(ss / n);
                mean[j] = m;
                scale[j] = sd > 0 ? 1 / sd : 1;
            }
        }
        return new InputEncoder(levels, mean, scale, image);
    }

    int width() {
        return width;
    }

    int features() {
        return levels.length;
    }

    void encode(double[] row, float[] out, int offset) {
        int at = offset;
        for (int j = 0; j < levels.length; j++) {
            if (levels[j] == 0) {
                out[at++] = (float) ((row[j] - mean[j]) * scale[j]);
            } else {
                for (int k = 0; k < levels[j]; k++) {
                    out[at + k] = 0;
                }
                out[at + (int) row[j]] = 1;
                at += levels[j];
            }
        }
    }

    void write(DataOutputStream out) throws IOException {
        out.writeBoolean(image);
        out.writeInt(levels.length);
        for (int j = 0; j < levels.length; j++) {
            out.writeInt(levels[j]);
            out.writeDouble(mean[j]);
            out.writeDouble(scale[j]);
        }
    }

    static InputEncoder read(DataInputStream in) throws IOException {
        boolean image = in.readBoolean();
        int d = in.readInt();
        if (d < 0 || d > in.available() / 20 + 1) {
            throw new IOException("corrupted network state: " + d + " input features");
        }
        int[] levels = new int[d];
        double[] mean = new double[d];
        double[] scale = new double[d];
        for (int j = 0; j < d; j++) {
            levels[j] = in.readInt();
            mean[j] = in.readDouble();
            scale[j] = in.readDouble();
        }
        return new InputEncoder(levels, mean, scale, image);
    }
}
