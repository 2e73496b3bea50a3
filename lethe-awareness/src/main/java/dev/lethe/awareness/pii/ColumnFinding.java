package dev.lethe.awareness.pii;

import java.util.Comparator;
import java.util.List;

/**
 * What the scan found in one column: its personal data types, best first, and the sensitivity of
 * the most sensitive. {@code confirmed}: a user set the types ({@code lethe data tag}) and they
 * replace what was detected.
 */
public record ColumnFinding(String column, List<TypeEvidence> types, int sampled, boolean confirmed) {

    public ColumnFinding {
        types = types.stream().sorted(Comparator.comparingDouble(TypeEvidence::confidence).reversed()).toList();
    }

    public Sensitivity sensitivity() {
        return types.stream().map(t -> t.type().sensitivity()).max(Comparator.naturalOrder()).orElse(Sensitivity.NONE);
    }

    public boolean personal() {
        return !types.isEmpty();
    }

    public boolean has(PiiType type) {
        return types.stream().anyMatch(t -> t.type() == type);
    }

    public List<PiiType> typeList() {
        return types.stream().map(TypeEvidence::type).toList();
    }
}
