package dev.lethe.awareness.pii;

import dev.lethe.data.TextTable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Scans a table for personal data: an evenly spaced sample of at most {@code sampleRows} rows (the
 * same rows for every column, so quasi-identifiers can be measured), each column judged by
 * {@link ColumnScanner}, then the quasi-identifying column sets. The cost is bounded by the sample,
 * not by the table. Columns are judged in parallel.
 */
public final class TableScanner {

    public static final int DEFAULT_SAMPLE_ROWS = 10_000;

    /** The cells of a table, as text. */
    public interface Cells {
        List<String> names();

        int rows();

        /** The cell's text, or {@code null} when missing. */
        String cell(int row, int column);
    }

    private final int sampleRows;
    private final ColumnScanner columns;

    /** @param today the date ages are measured to (dates of birth) */
    public TableScanner(int sampleRows, LocalDate today) {
        if (sampleRows < 1) {
            throw new IllegalArgumentException("the sample needs at least one row, got " + sampleRows);
        }
        this.sampleRows = sampleRows;
        this.columns = new ColumnScanner(today);
    }

    public TableScanner() {
        this(DEFAULT_SAMPLE_ROWS, LocalDate.now());
    }

    public ScanReport scan(String source, TextTable table) {
        return scan(source, new Cells() {
            @Override
            public List<String> names() {
                return table.names();
            }

            @Override
            public int rows() {
                return table.size();
            }

            @Override
            public String cell(int row, int column) {
                return table.cell(row, column);
            }
        });
    }

    public ScanReport scan(String source, Cells table) {
        int rows = table.rows();
        int width = table.names().size();
        int taken = Math.min(rows, sampleRows);
        List<String[]> sample = new ArrayList<>(taken);
        for (int s = 0; s < taken; s++) {
            int r = (int) ((long) s * rows / taken);
            String[] row = new String[width];
            for (int j = 0; j < width; j++) {
                String v = table.cell(r, j);
                row[j] = v == null ? null : v.trim();
            }
            sample.add(row);
        }
        List<ColumnFinding> findings = java.util.stream.IntStream.range(0, width).parallel().mapToObj(j -> {
            List<String> values = new ArrayList<>(taken);
            for (String[] row : sample) {
                if (row[j] != null && !row[j].isEmpty()) {
                    values.add(row[j]);
                }
            }
            return columns.scan(table.names().get(j), values);
        }).toList();
        return new ScanReport(source, rows, taken, findings, QuasiIdentifiers.find(table.names(), sample, findings));
    }
}
