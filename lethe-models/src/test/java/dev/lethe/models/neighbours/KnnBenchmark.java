package dev.lethe.models.neighbours;

import dev.lethe.data.Dataset;
import dev.lethe.data.DatasetReader;
import dev.lethe.data.ReadOptions;
import dev.lethe.model.ForgetRequest;
import dev.lethe.testing.RepositoryData;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * A benchmark (not a test): fit, forget and predict times of {@link KnnModel} on a real dataset,
 * by default AER Fertility (254,654 rows). Quotes medians.
 *
 * <pre>
 * java -cp lethe-core/target/classes:lethe-models/target/classes:lethe-models/target/test-classes \
 *      dev.lethe.models.neighbours.KnnBenchmark [file.csv.gz] [label]
 * </pre>
 */
public final class KnnBenchmark {

    private KnnBenchmark() {
    }

    public static void main(String[] args) {
        Path path = args.length > 0 ? Path.of(args[0]) : RepositoryData.path("AER_Fertility.csv.gz");
        String label = args.length > 1 ? args[1] : "morekids";
        Dataset data = DatasetReader.read(path, ReadOptions.label(label)).dataset();
        System.out.printf(Locale.ROOT, "%s: %d rows x %d features%n", path.getFileName(), data.size(), data.numFeatures());
        KnnLearner learner = new KnnLearner(new KnnLearner.Options(), 1);

        double[] fits = new double[5];
        KnnModel model = null;
        for (int i = 0; i < fits.length; i++) {
            long t = System.nanoTime();
            model = learner.fit(data);
            fits[i] = (System.nanoTime() - t) / 1e6;
        }
        System.out.printf(Locale.ROOT, "fit (retrain from scratch): median %.1f ms over %d fits%n", median(fits), fits.length);

        long[] ids = data.recordIds();
        shuffle(ids, new Random(7));
        int warmup = Math.min(500, data.size() / 10);
        int measured = Math.min(5_000, data.size() / 2 - warmup);
        double[] forgets = new double[measured];
        for (int i = 0; i < warmup + measured; i++) {
            long t = System.nanoTime();
            model.forget(ForgetRequest.Records.of(ids[i]));
            if (i >= warmup) {
                forgets[i - warmup] = (System.nanoTime() - t) / 1e3;
            }
        }
        double[] sorted = forgets.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "forget one record: median %.1f us, p90 %.1f us, p99 %.1f us, max %.1f us over %d requests"
                        + " (after %d warm-up)%n", median(forgets), sorted[(int) (0.9 * measured)], sorted[(int) (0.99 * measured)],
                sorted[measured - 1], measured, warmup);
        System.out.printf(Locale.ROOT, "speed-up retrain/forget (medians): %.0fx%n", median(fits) * 1e3 / median(forgets));

        Random r = new Random(3);
        int queries = 20_000;
        double[][] rows = new double[queries][];
        for (int i = 0; i < queries; i++) {
            rows[i] = data.row(r.nextInt(data.size()));
        }
        double[] predictRuns = new double[3];
        for (int run = 0; run < predictRuns.length; run++) {
            long t = System.nanoTime();
            double sink = 0;
            for (double[] row : rows) {
                sink += model.predict(row);
            }
            predictRuns[run] = (System.nanoTime() - t) / 1e6;
            if (sink < 0) {
                System.out.println(sink);
            }
        }
        System.out.printf(Locale.ROOT, "predict %d rows: median %.0f ms (%.1f us per row)%n", queries, median(predictRuns),
                median(predictRuns) * 1e3 / queries);

        long t = System.nanoTime();
        model.forget(new ForgetRequest.Feature(data.schema().feature(0).name()));
        System.out.printf(Locale.ROOT, "forget feature '%s': %.1f ms%n", data.schema().feature(0).name(), (System.nanoTime() - t) / 1e6);

        Dataset.Split split = data.split(0.8, 11);
        KnnModel heldOut = learner.fit(split.first());
        Dataset test = split.second();
        t = System.nanoTime();
        int correct = 0;
        for (int i = 0; i < test.size(); i++) {
            if (heldOut.predict(test.row(i)) == test.target(i)) {
                correct++;
            }
        }
        double ms = (System.nanoTime() - t) / 1e6;
        if (data.schema().isClassification()) {
            System.out.printf(Locale.ROOT, "held-out accuracy (80/20 split, seed 11): %.4f on %d rows, predicted in %.0f ms%n",
                    correct / (double) test.size(), test.size(), ms);
        }
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static void shuffle(long[] a, Random r) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            long x = a[i];
            a[i] = a[j];
            a[j] = x;
        }
    }
}
