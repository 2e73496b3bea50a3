package dev.lethe.awareness.code;

import java.util.List;

/**
 * A place in source code where a model is trained, with the fields that flow into it.
 *
 * @param fields      the columns reaching the call with their personal data types; empty when not known
 * @param allColumns  whether all the columns of the sources reach it (no selection was seen)
 * @param sources     files, tables and queries the data came from
 * @param registered  whether the data is a dataset registered in the Lethe home that a model was trained on,
 *                    so erasure requests reach this model; {@code false} is a gap to close
 */
public record TrainingSite(String file, int line, String framework, String call, String model, List<Field> fields,
                           boolean allColumns, List<String> sources, List<String> dropped, boolean registered) {

    /** A field (column) and the personal data types its name or the registry's tags give it. */
    public record Field(String name, List<String> types, String evidence) {
    }

    public boolean personal() {
        return fields.stream().anyMatch(f -> !f.types().isEmpty());
    }
}
