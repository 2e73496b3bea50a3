package dev.lethe.models.bayes;

import dev.lethe.data.Dataset;
import dev.lethe.data.DatasetReader;
import dev.lethe.data.ReadOptions;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * A benchmark (not a test): fit time and single-record forget time of naive Bayes on AER Fertility
 * (254,654 rows × 7 features), quoting medians. Run from the module directory with the test class
 * path, e.g. {@code java -cp target/test-classes:target/classes:../lethe-core/target/classes
 * dev.lethe.models.bayes.NaiveBayesForgetBenchmark [path-to-AER_Fertility.csv.gz]}.
 */
public final class NaiveBayesForgetBenchmark {

    private NaiveBayesForgetBenchmark() {
    }

    public static void main(String[] args) {
        Path path = Path.of(args.length > 0 ? args[0] : "../data/AER_Fertility.csv.gz");
        Dataset data = DatasetReader.read(path, ReadOptions.label("morekids")).dataset();
        System.out.printf("data: %s%n", data);
        NaiveBayesLearner learner = new NaiveBayesLearner();

        long[] fit = new long[7];
        NaiveBayesModel model = null;
        for (int i = 0; i < fit.length; i++) {
            long t = System.nanoTime();
            model = learner.fit(data);
            fit[i] = System.nanoTime() - t;
        }
        System.out.printf("fit (incl. fingerprint and record index): median %.1f ms over %d runs%n", median(fit) / 1e6, fit.length);

        long[] ids = data.recordIds();
        shuffle(ids, new Random(1));
        int warmup = 50_000;
        int measured = 100_000;
        for (int i = 0; i < warmup; i++) {
            model.forget(ForgetRequest.Records.of(ids[i]));
        }
        long[] wall = new long[measured];
        long[] receipt = new long[measured];
        for (int i = 0; i < measured; i++) {
            ForgetRequest request = ForgetRequest.Records.of(ids[warmup + i]);
            long t = System.nanoTime();
            ForgetReceipt r = model.forget(request);
            wall[i] = System.nanoTime() - t;
            receipt[i] = r.elapsed().toNanos();
        }
        System.out.printf("single-record forget (receipt and state digest included): median %.2f µs wall, %.2f µs on the receipt, "
                + "p90 %.2f µs, over %d forgets after %d warm-up%n", median(wall) / 1e3, median(receipt) / 1e3,
                percentile(wall, 0.9) / 1e3, measured, warmup);

        breakdown(model, data, ids, warmup + measured);

        long[] predict = new long[5];
        double[] row = new double[data.numFeatures()];
        for (int k = 0; k < predict.length; k++) {
            long t = System.nanoTime();
            double sink = 0;
            for (int i = 0; i < data.size(); i++) {
                sink += model.predict(data.copyRow(i, row));
            }
            predict[k] = System.nanoTime() - t;
            if (sink < 0) {
                System.out.println(sink);
            }
        }
        System.out.printf("predict: median %.1f ns per row%n", median(predict) / (double) data.size());
        System.out.printf("retrain / forget: %.0f×%n", median(fit) / median(wall));
    }

    /** Medians of the parts of a forget: planning (lethe-core), the statistics update, the state digest. */
    private static void breakdown(NaiveBayesModel model, Dataset data, long[] ids, int from) {
        int n = 200_000;
        long[] plan = new long[n];
        long[] update = new long[n];
        long[] digest = new long[n];
        long[] shared = new long[n];
        NaiveBayesStatistics copy = new NaiveBayesStatistics(data.schema());
        for (int i = 0; i < data.size(); i++) {
            copy.add(data, i, data.label(i));
        }
        for (int i = 0; i < n; i++) {
            ForgetRequest request = ForgetRequest.Records.of(ids[from + i % 1000]);
            long t0 = System.nanoTime();
            model.records().plan(request);
            long t1 = System.nanoTime();
            int row = i % data.size();
            copy.remove(data, row, data.label(row));
            copy.add(data, row, data.label(row));
            long t2 = System.nanoTime();
            dev.lethe.model.StateDigest d = new dev.lethe.model.StateDigest();
            d.add(model.family());
            model.records().digest(d);
            copy.digest(d);
            d.hex();
            long t3 = System.nanoTime();
            dev.lethe.model.StateDigest e = new dev.lethe.model.StateDigest();
            e.add(model.family());
            model.records().digest(e);
            e.hex();
            long t4 = System.nanoTime();
            shared[i] = t4 - t3;
            plan[i] = t1 - t0;
            update[i] = t2 - t1;
            digest[i] = t3 - t2;
        }
        System.out.printf("breakdown (medians): plan %.0f ns, statistics remove+add %.0f ns, state digest %.0f ns "
                + "(of which %.0f ns without the naive Bayes statistics)%n", median(plan), median(update), median(digest),
                median(shared));
    }

    private static void shuffle(long[] a, Random r) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            long t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static double median(long[] values) {
        return percentile(values, 0.5);
    }

    private static double percentile(long[] values, double q) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))];
    }
}
