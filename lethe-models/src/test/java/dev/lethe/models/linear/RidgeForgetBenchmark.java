package dev.lethe.models.linear;

import dev.lethe.data.Dataset;
import dev.lethe.data.DatasetReader;
import dev.lethe.data.ReadOptions;
import dev.lethe.model.ExactnessReport;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.RetrainCheck;
import dev.lethe.model.UnlearnableModel;
import dev.lethe.testing.RepositoryData;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * A benchmark, not a test: fits ridge on a dataset, then forgets single records one at a time and
 * reports the median time per forget (receipt and digest included) against the median fit time,
 * plus the thread CPU time per forget (steadier than wall time on a busy machine).
 * Run from the worktree root after {@code mvn -pl lethe-models -am test-compile}:
 * <pre>
 * java -Xmx1g -cp lethe-core/target/classes:lethe-core/target/test-classes:lethe-models/target/classes:lethe-models/target/test-classes \
 *   dev.lethe.models.linear.RidgeForgetBenchmark data/AER_Fertility.csv.gz morekids 20000
 * </pre>
 */
public final class RidgeForgetBenchmark {

    private RidgeForgetBenchmark() {
    }

    public static void main(String[] args) {
        Path path = args.length > 0 ? Path.of(args[0]) : RepositoryData.path("AER_Fertility.csv.gz");
        String label = args.length > 1 ? args[1] : "morekids";
        int forgets = args.length > 2 ? Integer.parseInt(args[2]) : 20000;
        Dataset data = DatasetReader.read(path, ReadOptions.label(label)).dataset();
        RidgeLearner learner = new RidgeLearner(new RidgeLearner.Options(), 1);
        long[] fits = new long[5];
        RidgeModel model = null;
        for (int i = 0; i < fits.length; i++) {
            long t = System.nanoTime();
            model = learner.fit(data);
            fits[i] = System.nanoTime() - t;
        }
        Arrays.sort(fits);
        int d = model.parameters().size();
        System.out.printf("%s: %d rows, %d design columns; fit median %.1f ms (fingerprint included)%n", path.getFileName(),
                data.size(), d, fits[fits.length / 2] / 1e6);
        Random random = new Random(42);
        int[] order = new int[data.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int n = Math.min(forgets, data.size() - 1);
        long[] wall = new long[n];
        long[] receiptTimes = new long[n];
        int refactorised = 0;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuAtHalf = 0;
        for (int i = 0; i < n; i++) {
            if (i == n / 2) {
                cpuAtHalf = threads.getCurrentThreadCpuTime();
            }
            ForgetRequest request = ForgetRequest.Records.of(data.recordId(order[i]));
            long t = System.nanoTime();
            ForgetReceipt receipt = model.forget(request);
            wall[i] = System.nanoTime() - t;
            receiptTimes[i] = receipt.elapsed().toNanos();
            if ("true".equals(receipt.details().get("refactorised"))) {
                refactorised++;
            }
        }
        double cpuPerForget = (threads.getCurrentThreadCpuTime() - cpuAtHalf) / (double) (n - n / 2);
        long[] warm = Arrays.copyOfRange(wall, n / 2, n);
        long[] warmReceipt = Arrays.copyOfRange(receiptTimes, n / 2, n);
        Arrays.sort(warm);
        Arrays.sort(warmReceipt);
        System.out.printf("%d single-record forgets: median %.2f µs per forget call (receipt's own timing %.2f µs), "
                        + "p90 %.2f µs, second half only; %d refactorised%n", n, warm[warm.length / 2] / 1e3,
                warmReceipt[warmReceipt.length / 2] / 1e3, warm[warm.length * 9 / 10] / 1e3, refactorised);
        System.out.printf("thread CPU time per forget (second half, request construction included): %.2f µs%n",
                cpuPerForget / 1e3);
        System.out.printf("retrain / forget ratio: %.0f%n", fits[fits.length / 2] / (double) warm[warm.length / 2]);
        UnlearnableModel retrained = learner.fit(model.history().applyTo(data));
        ExactnessReport report = RetrainCheck.compare(model, retrained, data, 1e-8, 0);
        System.out.printf("after %d forgets: max difference from retraining %.3g (%s)%n", n, report.maxDifference(), report.note());
    }
}
