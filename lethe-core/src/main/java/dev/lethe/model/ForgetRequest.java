package dev.lethe.model;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * What a model is asked to forget. Each kind validates itself on construction; whether a model
 * holds what it names is checked by the model, atomically.
 */
public sealed interface ForgetRequest {

    /** A short name of the kind: records, subject, feature, class, relabel. */
    String kind();

    /**
     * A description safe to show: it never contains a subject ID in clear. A subject appears as an
     * unkeyed SHA-256 pseudonym, which anyone can recompute for a guessed ID: where a Lethe home is at
     * hand, store and show {@link #summary(UnaryOperator)} with the home's keyed hash instead.
     */
    String summary();

    /**
     * A description safe to store and show, naming a subject by {@code subjectHash} of its ID: the
     * Lethe home's keyed hash (HMAC, RFC 2104), the one its ledger uses, which nobody without the
     * home's secret can confirm for a guessed ID. Other kinds are described as by {@link #summary()}.
     */
    default String summary(UnaryOperator<String> subjectHash) {
        return summary();
    }

    /** Forget these records (by record ID). */
    record Records(Set<Long> ids) implements ForgetRequest {
        public Records {
            if (ids == null || ids.isEmpty()) {
                throw new InvalidInputException("a records request needs at least one record ID");
            }
            ids = Set.copyOf(new TreeSet<>(ids));
        }

        public static Records of(long... ids) {
            TreeSet<Long> set = new TreeSet<>();
            for (long id : ids) {
                set.add(id);
            }
            return new Records(set);
        }

        @Override
        public String kind() {
            return "records";
        }

        @Override
        public String summary() {
            return summaryOf(ids.size(), ids.iterator().next());
        }

        /** The {@link #summary()} of a records request for these distinct IDs, without building the request. */
        public static String summaryOf(long[] distinctIds) {
            return summaryOf(distinctIds.length, distinctIds[0]);
        }

        private static String summaryOf(int count, long first) {
            return count == 1 ? "record " + first : count + " records";
        }
    }

    /** Forget every record of one data subject. */
    record Subject(String subjectId) implements ForgetRequest {
        public Subject {
            if (subjectId == null || subjectId.isBlank()) {
                throw new InvalidInputException("a subject request needs a non-empty subject ID");
            }
        }

        @Override
        public String kind() {
            return "subject";
        }

        @Override
        public String summary() {
            return "subject " + Digests.pseudonym(subjectId);
        }

        @Override
        public String summary(UnaryOperator<String> subjectHash) {
            return "subject " + subjectHash.apply(subjectId);
        }
    }

    /** Forget one feature from every record. */
    record Feature(String name) implements ForgetRequest {
        public Feature {
            if (name == null || name.isBlank()) {
                throw new InvalidInputException("a feature request needs a feature name");
            }
        }

        @Override
        public String kind() {
            return "feature";
        }

        @Override
        public String summary() {
            return "feature '" + name + "'";
        }
    }

    /** Forget every record of one class; the other classes remain. */
    record ClassLabel(String label) implements ForgetRequest {
        public ClassLabel {
            Objects.requireNonNull(label, "label");
        }

        @Override
        public String kind() {
            return "class";
        }

        @Override
        public String summary() {
            return "class '" + label + "'";
        }
    }

    /** Replace the labels of some records by corrected ones (record ID → class label or numeric target as text). */
    record Relabel(Map<Long, String> labels) implements ForgetRequest {
        public Relabel {
            if (labels == null || labels.isEmpty()) {
                throw new InvalidInputException("a relabel request needs at least one record ID and label");
            }
            labels = Map.copyOf(new TreeMap<>(labels));
        }

        @Override
        public String kind() {
            return "relabel";
        }

        @Override
        public String summary() {
            return "relabel " + labels.size() + " record" + (labels.size() == 1 ? "" : "s");
        }
    }
}
