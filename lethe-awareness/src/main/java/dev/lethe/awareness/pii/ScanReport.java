package dev.lethe.awareness.pii;

import java.util.List;
import java.util.Optional;

/** The personal data found in one table: per column, and the quasi-identifying column sets. */
public record ScanReport(String source, int rows, int sampledRows, List<ColumnFinding> columns,
                         List<QuasiIdentifier> quasiIdentifiers) {

    public Optional<ColumnFinding> column(String name) {
        return columns.stream().filter(c -> c.column().equals(name)).findFirst();
    }

    public List<ColumnFinding> personalColumns() {
        return columns.stream().filter(ColumnFinding::personal).toList();
    }
}
