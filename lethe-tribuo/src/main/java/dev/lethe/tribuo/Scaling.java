package dev.lethe.tribuo;

import dev.lethe.data.Dataset;
import dev.lethe.model.ModelFileException;
import dev.lethe.model.StateCodec;
import dev.lethe.model.StateDigest;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Standardisation of numeric features (mean 0, spread 1 over the training data; constant features
 * only centred), applied before rows reach Tribuo, since its SGD trainers do not scale inputs.
 * Part of the model's state, so predictions scale as training did.
 */
final class Scaling {

    private final double[] mean;
    private final double[] inverseSpread;

    private Scaling(double[] mean, double[] inverseSpread) {
        this.mean = mean;
        this.inverseSpread = inverseSpread;
    }

    static Scaling identity(int features) {
        double[] ones = new double[features];
        java.util.Arrays.fill(ones, 1);
        return new Scaling(new double[features], ones);
    }

    static Scaling fit(Dataset data) {
        int d = data.numFeatures();
        int n = data.size();
        double[] mean = new double[d];
        double[] inv = new double[d];
        for (int j = 0; j < d; j++) {
            inv[j] = 1;
            if (data.schema().feature(j).isCategorical() || n == 0) {
                continue;
            }
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += data.value(i, j);
            }
            double m = sum / n;
            double ss = 0;
            for (int i = 0; i < n; i++) {
                double e = data.value(i, j) - m;
                ss += e * e;
            }
            double sd = Math.sqrt(ss / n);
            mean[j] = m;
            inv[j] = sd > 0 ? 1 / sd : 1;
        }
        return new Scaling(mean, inv);
    }

    double apply(int feature, double value) {
        return (value - mean[feature]) * inverseSpread[feature];
    }

    void digest(StateDigest d) {
        d.add(mean).add(inverseSpread);
    }

    void write(DataOutputStream out) throws IOException {
        StateCodec.writeDoubles(out, mean);
        StateCodec.writeDoubles(out, inverseSpread);
    }

    static Scaling read(DataInputStream in, int features) throws IOException {
        double[] mean = StateCodec.readDoubles(in);
        double[] inv = StateCodec.readDoubles(in);
        if (mean.length != features || inv.length != features) {
            throw new ModelFileException("corrupted tribuo state: scaling for " + mean.length + " features, the schema has " + features);
        }
        return new Scaling(mean, inv);
    }
}
