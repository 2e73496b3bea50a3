package dev.lethe.model;

import java.io.DataOutputStream;
import java.io.OutputStream;

/**
 * The stream a model's state is written to, knowing how its {@link TrainingRecords} are written:
 * embedded (feature values and all, for a standalone model file) or by reference (record IDs, the
 * forget state and a content hash, for a registry that stores the rows once).
 */
public final class ModelStateOutput extends DataOutputStream {

    private final boolean recordsByReference;

    public ModelStateOutput(OutputStream out, boolean recordsByReference) {
        super(out);
        this.recordsByReference = recordsByReference;
    }

    public boolean recordsByReference() {
        return recordsByReference;
    }

    /** Whether a state written to {@code out} writes its records by reference. */
    static boolean byReference(DataOutputStream out) {
        return out instanceof ModelStateOutput s && s.recordsByReference;
    }

    /**
     * A stream for a nested model state (an ensemble member) written into {@code sink}, in the same
     * form as its parent's {@code parent}.
     */
    public static DataOutputStream nested(DataOutputStream parent, OutputStream sink) {
        return new ModelStateOutput(sink, byReference(parent));
    }
}
