package dev.lethe.awareness.bench;

import dev.lethe.awareness.pii.ScanReport;
import dev.lethe.awareness.pii.TableScanner;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Benchmark of the table scan (issue 14: at most 2 s for 250,000 rows × 50 columns): builds such a
 * table in memory (e-mail addresses, phone numbers, dates, IBAN-shaped codes, numbers, categories and
 * free text), scans it several times and prints the median. Not a test: timings depend on the machine.
 *
 * <p>Run: {@code java -cp … dev.lethe.awareness.bench.TableScanBenchmark [rows] [columns] [repeats]}.
 */
public final class TableScanBenchmark {

    private TableScanBenchmark() {
    }

    public static void main(String[] args) {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 250_000;
        int width = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        String[][] cells = table(rows, width, new Random(7));
        List<String> names = new ArrayList<>();
        String[] kinds = {"email", "phone", "signup_date", "amount", "category", "notes", "client_ip", "zip", "score", "customer"};
        for (int j = 0; j < width; j++) {
            names.add(kinds[j % kinds.length] + "_" + j);
        }
        TableScanner.Cells table = new TableScanner.Cells() {
            @Override
            public List<String> names() {
                return names;
            }

            @Override
            public int rows() {
                return rows;
            }

            @Override
            public String cell(int row, int column) {
                return cells[column][row];
            }
        };
        TableScanner scanner = new TableScanner(TableScanner.DEFAULT_SAMPLE_ROWS, LocalDate.of(2026, 12, 1));
        scanner.scan("warm-up", table);
        double[] seconds = new double[repeats];
        double[] cpu = new double[repeats];
        ScanReport last = null;
        for (int i = 0; i < repeats; i++) {
            long c0 = processCpuNanos();
            long t0 = System.nanoTime();
            last = scanner.scan("bench", table);
            seconds[i] = (System.nanoTime() - t0) / 1e9;
            cpu[i] = (processCpuNanos() - c0) / 1e9;
        }
        Arrays.sort(seconds);
        Arrays.sort(cpu);
        System.out.printf(Locale.ROOT, "CPU time of the process per scan (all threads): median %.3f s; %d processors%n", cpu[repeats / 2],
                Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "table scan: %d rows × %d columns, %d sampled rows; median %.3f s over %d runs (min %.3f, max %.3f);"
                + " %d personal columns%n", rows, width, last.sampledRows(), seconds[repeats / 2], repeats, seconds[0],
                seconds[repeats - 1], last.personalColumns().size());
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static String[][] table(int rows, int width, Random r) {
        String[][] cells = new String[width][rows];
        String[] given = {"Anna", "Lukas", "Marie", "Pierre", "Giulia", "James", "Priya", "Wei"};
        String[] family = {"Müller", "Dubois", "Rossi", "Smith", "Patel", "Jansen", "García", "Zhang"};
        for (int j = 0; j < width; j++) {
            for (int i = 0; i < rows; i++) {
                cells[j][i] = switch (j % 10) {
                    case 0 -> "user" + r.nextInt(1_000_000) + "@example.org";
                    case 1 -> "+44 20 7946 " + String.format("%04d", r.nextInt(10000));
                    case 2 -> LocalDate.of(2020, 1, 1).plusDays(r.nextInt(2000)).toString();
                    case 3 -> String.format(Locale.ROOT, "%.2f", r.nextDouble() * 1000);
                    case 4 -> "cat" + r.nextInt(12);
                    case 5 -> "Delivered on time, the customer was happy with order " + r.nextInt(100000) + ".";
                    case 6 -> (10 + r.nextInt(200)) + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256);
                    case 7 -> String.format("%05d", r.nextInt(99999));
                    case 8 -> Integer.toString(r.nextInt(100));
                    default -> given[r.nextInt(given.length)] + " " + family[r.nextInt(family.length)];
                };
            }
        }
        return cells;
    }
}
