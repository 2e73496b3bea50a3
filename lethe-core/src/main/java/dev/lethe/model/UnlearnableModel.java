package dev.lethe.model;

import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;

/** A model that forgets, remembers what it forgot, names its state by digest, and saves itself. */
public interface UnlearnableModel extends Model, Unlearnable {

    /** Everything forgotten so far, to rebuild the retraining set D \ S. */
    ForgetHistory history();

    /** SHA-256 of the model's state: changes whenever what the model holds changes. */
    String stateDigest();

    /** Records the data source (file and read options) in the provenance. */
    void recordSource(Map<String, String> source);

    /** Writes the state that {@link ModelFamily#read} restores. */
    void writeState(DataOutputStream out) throws IOException;

    /** The version of the family's state format that {@link #writeState} writes. */
    default int stateVersion() {
        return 1;
    }

    /**
     * Does now the work a family defers past a forget (a forest's pending subtrees, retrained lazily
     * after DynFrs), so that predictions never wait for it. Leaves the state digest unchanged.
     *
     * @return whether there was such work
     */
    default boolean settlePendingWork() {
        return false;
    }
}
