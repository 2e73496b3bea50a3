package dev.lethe.data;

import dev.lethe.model.LetheException;
import dev.lethe.model.OptionsException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Column roles and parsing choices for a reader.
 *
 * @param label       the target column (required)
 * @param idColumn    column holding integral record IDs, or {@code null} to number data rows from 0
 * @param subjectColumn column naming each row's data subject, or {@code null}
 * @param drop        columns to ignore
 * @param missing     what to do with missing values
 * @param task        classification or regression, or {@code null} to infer it from the label column
 * @param categorical columns to read as categorical even if they look numeric
 * @param encoding    the text encoding of CSV and ARFF files (default UTF-8); bytes that are not valid in it
 *                    are an error naming the line and column, never silently replaced
 */
public record ReadOptions(String label, String idColumn, String subjectColumn, Set<String> drop,
                          MissingPolicy missing, Task task, Set<String> categorical, Charset encoding) {

    public ReadOptions {
        encoding = encoding == null ? StandardCharsets.UTF_8 : encoding;
        Objects.requireNonNull(label, "label");
        drop = drop == null ? Set.of() : Set.copyOf(drop);
        categorical = categorical == null ? Set.of() : Set.copyOf(categorical);
        missing = missing == null ? MissingPolicy.REJECT : missing;
        if (drop.contains(label)) {
            throw new OptionsException("the label column " + LetheException.quote(label) + " cannot also be dropped");
        }
        if (idColumn != null && (idColumn.equals(label) || drop.contains(idColumn))) {
            throw new OptionsException("the ID column " + LetheException.quote(idColumn) + " cannot be the label or dropped");
        }
        if (subjectColumn != null && (subjectColumn.equals(label) || subjectColumn.equals(idColumn))) {
            throw new OptionsException("the subject column " + LetheException.quote(subjectColumn) + " cannot be the label or the ID column");
        }
    }

    /** Options for a UTF-8 file. */
    public ReadOptions(String label, String idColumn, String subjectColumn, Set<String> drop, MissingPolicy missing,
                       Task task, Set<String> categorical) {
        this(label, idColumn, subjectColumn, drop, missing, task, categorical, StandardCharsets.UTF_8);
    }

    public static ReadOptions label(String label) {
        return new ReadOptions(label, null, null, Set.of(), MissingPolicy.REJECT, null, Set.of());
    }

    public ReadOptions withId(String column) {
        return new ReadOptions(label, column, subjectColumn, drop, missing, task, categorical, encoding);
    }

    public ReadOptions withSubject(String column) {
        return new ReadOptions(label, idColumn, column, drop, missing, task, categorical, encoding);
    }

    public ReadOptions withDrop(Set<String> columns) {
        return new ReadOptions(label, idColumn, subjectColumn, columns, missing, task, categorical, encoding);
    }

    public ReadOptions withMissing(MissingPolicy policy) {
        return new ReadOptions(label, idColumn, subjectColumn, drop, policy, task, categorical, encoding);
    }

    public ReadOptions withEncoding(Charset charset) {
        return new ReadOptions(label, idColumn, subjectColumn, drop, missing, task, categorical, charset);
    }

    public ReadOptions withTask(Task t) {
        return new ReadOptions(label, idColumn, subjectColumn, drop, missing, t, categorical, encoding);
    }

    /** The options as flat strings, to be kept in a model's provenance and read back by {@link #fromMap}. */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("label", label);
        if (idColumn != null) {
            m.put("id", idColumn);
        }
        if (subjectColumn != null) {
            m.put("subject", subjectColumn);
        }
        if (!drop.isEmpty()) {
            m.put("drop", String.join(",", drop.stream().sorted().toList()));
        }
        m.put("missing", missing.name().toLowerCase());
        if (task != null) {
            m.put("task", task.name().toLowerCase());
        }
        if (!categorical.isEmpty()) {
            m.put("categorical", String.join(",", categorical.stream().sorted().toList()));
        }
        if (!encoding.equals(StandardCharsets.UTF_8)) {
            m.put("encoding", encoding.name());
        }
        return m;
    }

    public static ReadOptions fromMap(Map<String, String> m) {
        return new ReadOptions(m.get("label"), m.get("id"), m.get("subject"), split(m.get("drop")),
                MissingPolicy.valueOf(m.getOrDefault("missing", "reject").toUpperCase()),
                m.containsKey("task") ? Task.valueOf(m.get("task").toUpperCase()) : null,
                split(m.get("categorical")), m.containsKey("encoding") ? charset(m.get("encoding")) : null);
    }

    private static Charset charset(String name) {
        try {
            return Charset.forName(name);
        } catch (IllegalArgumentException e) { // illegal or unsupported on this JVM
            throw new DataException("the text encoding " + LetheException.quote(name) + " is not supported here");
        }
    }

    private static Set<String> split(String s) {
        return s == null || s.isBlank() ? Set.of() : Set.of(s.split(","));
    }
}
