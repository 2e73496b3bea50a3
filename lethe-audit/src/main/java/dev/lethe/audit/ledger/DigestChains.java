package dev.lethe.audit.ledger;

import dev.lethe.model.ConflictException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The fork guard: for each model, the state digests the ledger has seen it leave, and where to.
 *
 * <p>A forget turns state {@code before} into {@code after}; its receipt carries both digests. When a
 * second receipt starts from a {@code before} the ledger has already seen the same model leave for
 * another state, two writers forgot from one copy of the model and the second one's model file
 * overwrote the first's (a lost update: the records the first forgot are back). The ledger refuses
 * that receipt ({@link ConflictException} naming the stale digest and the model's latest recorded
 * one). The same transition recorded again is allowed: the requests of one worker batch, forgotten
 * together, share their model's digests.
 *
 * <p>A model is named by what the receipt carries: the worker's entries hold each model's digests in
 * their details ({@code model.NAME.digestBefore/After}), so a model is its registry name; an entry of
 * {@code lethe forget} holds its digests at the top level and the model file it wrote in its details
 * ({@value #MODEL_FILE}, see {@link Ledger#forModelFile}), so a model is its file (two files trained
 * alike are two models); a receipt with neither is identified by its family. A digest the ledger has
 * never seen (a new model, or one retrained since its last receipt) starts a chain.
 */
final class DigestChains {

    /** One model's change of state, as a receipt records it. */
    record Transition(String model, String before, String after) {
    }

    /** The detail naming the model file a {@code lethe forget} receipt's new state was written to. */
    static final String MODEL_FILE = "modelFile";
    private static final String PREFIX = "model.";
    private static final String BEFORE = ".digestBefore";
    private static final String AFTER = ".digestAfter";

    /** model + '\n' + digest → the digest the model went to from there (the latest such receipt). */
    private final Map<String, String> movedTo = new HashMap<>();
    /** The transitions recorded last. */
    private List<Transition> lastRecorded = List.of();

    /** The transitions a receipt records: each model of a worker entry, else the entry's own digests. */
    static List<Transition> of(String family, String digestBefore, String digestAfter, Map<String, String> details) {
        List<Transition> out = new ArrayList<>();
        for (Map.Entry<String, String> e : details.entrySet()) {
            String key = e.getKey();
            if (key.startsWith(PREFIX) && key.endsWith(BEFORE) && key.length() > PREFIX.length() + BEFORE.length()) {
                String name = key.substring(PREFIX.length(), key.length() - BEFORE.length());
                String after = details.get(PREFIX + name + AFTER);
                if (known(e.getValue()) && known(after)) {
                    out.add(new Transition("model '" + name + "'", e.getValue(), after));
                }
            }
        }
        if (out.isEmpty() && known(digestBefore) && known(digestAfter)) {
            String file = details.get(MODEL_FILE);
            out.add(new Transition(file != null ? "model file '" + file + "'" : family + " model", digestBefore, digestAfter));
        }
        return out;
    }

    private static boolean known(String digest) {
        return digest != null && !digest.isEmpty() && !"null".equals(digest);
    }

    /** Changes checked together and applied together, so a refused batch leaves the chains as they were. */
    final class Staged {
        private final Map<String, String> changes = new HashMap<>();
        private List<Transition> lastAdded = List.of();

        /**
         * Checks a receipt's transitions against the chains and what is staged, then stages them.
         *
         * @throws ConflictException when a transition starts from a state its model already left for another
         */
        void add(List<Transition> transitions) {
            if (transitions.equals(lastAdded)) {
                return; // checked and staged already, as the receipt before
            }
            for (Transition t : transitions) {
                String went = lookup(key(t.model(), t.before()));
                if (went != null && !went.equals(t.after())) {
                    throw new ConflictException("refusing a ledger entry for the " + t.model() + ": its digest_before "
                            + t.before() + " is not the model's last recorded digest_after " + tip(t.model(), went)
                            + " (the ledger already records a forget from that state: two writers forgot from one copy "
                            + "of the model, and the later file lost the earlier forget)");
                }
            }
            stageAll(transitions);
            lastAdded = transitions;
        }

        private void stageAll(List<Transition> transitions) {
            for (Transition t : transitions) {
                if (!t.before().equals(t.after())) {
                    changes.put(key(t.model(), t.before()), t.after());
                    changes.put(key(t.model(), t.after()), null); // the model is at this state now, whatever it left before
                }
            }
        }

        void apply() {
            changes.forEach((k, v) -> {
                if (v == null) {
                    movedTo.remove(k);
                } else {
                    movedTo.put(k, v);
                }
            });
            changes.clear();
        }

        private String lookup(String key) {
            return changes.containsKey(key) ? changes.get(key) : movedTo.get(key);
        }

        /** The latest state recorded for the model, following its chain from {@code digest}. */
        private String tip(String model, String digest) {
            Set<String> seen = new HashSet<>();
            String at = digest;
            while (seen.add(at)) {
                String next = lookup(key(model, at));
                if (next == null) {
                    break;
                }
                at = next;
            }
            return at;
        }
    }

    Staged stage() {
        return new Staged();
    }

    /** Records transitions already in the ledger (while indexing it), without checking them. */
    void record(List<Transition> transitions) {
        if (transitions.equals(lastRecorded)) {
            return; // the receipts of one batch share their models' transitions: recording one again changes nothing
        }
        lastRecorded = transitions;
        Staged s = new Staged();
        s.stageAll(transitions);
        s.apply();
    }

    void clear() {
        movedTo.clear();
        lastRecorded = List.of();
    }

    private static String key(String model, String digest) {
        return Objects.requireNonNull(model) + '\n' + digest;
    }
}
