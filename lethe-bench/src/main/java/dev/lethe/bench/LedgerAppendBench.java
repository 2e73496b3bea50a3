package dev.lethe.bench;

import dev.lethe.audit.ledger.Ledger;
import dev.lethe.audit.ledger.LedgerVerification;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.Guarantee;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ledger's cost per receipt as the worker pays it: batches of subject receipts shaped like
 * {@code LedgerReceiptSink}'s (five records, three models' digests and versions in the details) appended
 * with {@link Ledger#appendAll} to a fresh file ledger, then the whole ledger verified. Prints the median
 * process CPU and wall time per entry over the timed batches (process CPU, because an append may sign on
 * other threads), after untimed warm-up batches on the same ledger (an append's cost does not grow with
 * the ledger), and the appending thread's own CPU and allocated bytes. Uses only the public {@code Ledger}
 * API, so the same class times another build's ledger when that build's jar follows it on the class path.
 *
 * <p>{@code LedgerAppendBench [batches=8] [batch=5000] [warmup=3]}
 */
public final class LedgerAppendBench {

    private LedgerAppendBench() {
    }

    public static void main(String[] args) throws Exception {
        int batches = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path home = Files.createTempDirectory("lethe-ledger-bench");
        Ledger.initialiseIfNew(home);
        Ledger ledger = Ledger.open(home);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double[] cpu = new double[batches];
        double[] wall = new double[batches];
        // the appending thread's own CPU and allocation: steadier than process CPU on a shared machine (no JIT, no GC)
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        double[] threadCpu = new double[batches];
        double[] allocated = new double[batches];
        for (int b = -warmup; b < batches; b++) {
            List<Ledger.Item> items = batch(b + warmup, size);
            long c0 = os.getProcessCpuTime();
            long w0 = System.nanoTime();
            long t0 = threads.getCurrentThreadCpuTime();
            long a0 = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
            ledger.appendAll(items);
            if (b >= 0) {
                cpu[b] = (os.getProcessCpuTime() - c0) / 1e3 / size;
                wall[b] = (System.nanoTime() - w0) / 1e3 / size;
                threadCpu[b] = (threads.getCurrentThreadCpuTime() - t0) / 1e3 / size;
                allocated[b] = (threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - a0) / 1e3 / size;
            }
        }
        long c0 = os.getProcessCpuTime();
        LedgerVerification v = Ledger.open(home).verify();
        double verifyCpu = (os.getProcessCpuTime() - c0) / 1e3 / v.entries();
        System.out.printf(java.util.Locale.ROOT, "append: %d batches of %d, median %.1f µs process CPU and %.1f µs wall per entry "
                        + "(CPU per batch: %s µs/entry); verify %d entries: %.1f µs CPU per entry, %s%n",
                batches, size, median(cpu), median(wall), Arrays.toString(round(cpu)), v.entries(), verifyCpu, v.valid() ? "valid" : v);
        System.out.printf(java.util.Locale.ROOT, "appending thread: median %.1f µs CPU and %.1f KB allocated per entry%n",
                median(threadCpu), median(allocated));
    }

    /** A batch of subject receipts, each for one request of the batch, as the worker's sink writes them. */
    private static List<Ledger.Item> batch(int number, int size) {
        List<Ledger.Item> out = new ArrayList<>(size);
        Instant at = Instant.parse("2026-12-05T12:00:00Z").plusSeconds(number);
        for (int i = 0; i < size; i++) {
            ForgetRequest request = new ForgetRequest.Subject("subject-" + number + "-" + i);
            Map<String, String> details = new LinkedHashMap<>();
            details.put("recordsErased", "5");
            details.put("datasets", "fertility");
            details.put("receivedAt", at.toString());
            details.put("dueAt", at.plus(Duration.ofDays(30)).toString());
            details.put("models", "3");
            for (String model : new String[] {"nb", "ridge", "forest"}) {
                String key = "model." + model + ".";
                details.put(key + "family", model);
                details.put(key + "version", String.valueOf(number + 2));
                details.put(key + "guarantee", "EXACT");
                details.put(key + "records", "25000");
                details.put(key + "digestBefore", model + "-state-" + number);
                details.put(key + "digestAfter", model + "-state-" + (number + 1));
            }
            long first = 5L * (number * (long) size + i);
            ForgetReceipt receipt = new ForgetReceipt("forest,nb,ridge", request.kind(), request.summary(),
                    new long[] {first, first + 1, first + 2, first + 3, first + 4}, Guarantee.EXACT, Duration.ofMillis(3),
                    null, null, at, details);
            out.add(new Ledger.Item(receipt, request, "req-" + number + "-" + i));
        }
        return out;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double[] round(double[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Math.round(values[i] * 10) / 10.0;
        }
        return out;
    }
}
