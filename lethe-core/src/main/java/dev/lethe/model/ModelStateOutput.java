package dev.lethe.model;

import java.io.DataOutputStream;
import java.io.OutputStream;

/**
 * The stream a model's state is written to, knowing how its {@link TrainingRecords} are written:
 * embedded (feature values and all, for a standalone model file) or by reference (record IDs, the
 * forget state and a content hash, for a registry that stores the rows once), or by reference to rows
 * the reader already holds in order ({@link #rowsHeldByReader}: the record IDs are left out too).
 */
public final class ModelStateOutput extends DataOutputStream {

    private final boolean recordsByReference;
    private final boolean idsHeld;

    public ModelStateOutput(OutputStream out, boolean recordsByReference) {
        this(out, recordsByReference, false);
    }

    private ModelStateOutput(OutputStream out, boolean recordsByReference, boolean idsHeld) {
        super(out);
        this.recordsByReference = recordsByReference;
        this.idsHeld = idsHeld;
    }

    /**
     * A stream writing records by reference without their record IDs, for a reader whose
     * {@link RecordSource#heldIds} already holds the rows in order (a SISA shard state returned to the
     * driver that shipped its rows): a state of n rows is then n × 8 bytes shorter. The content hash
     * still checks the rows when it is read.
     */
    public static ModelStateOutput rowsHeldByReader(OutputStream out) {
        return new ModelStateOutput(out, true, true);
    }

    public boolean recordsByReference() {
        return recordsByReference;
    }

    /** Whether a state written to {@code out} writes its records by reference. */
    static boolean byReference(DataOutputStream out) {
        return out instanceof ModelStateOutput s && s.recordsByReference;
    }

    /** Whether a state written to {@code out} leaves its record IDs to a reader that holds its rows. */
    static boolean idsHeld(DataOutputStream out) {
        return out instanceof ModelStateOutput s && s.idsHeld;
    }

    /**
     * A stream for a nested model state (an ensemble member) written into {@code sink}, in the same
     * form as its parent's {@code parent}.
     */
    public static DataOutputStream nested(DataOutputStream parent, OutputStream sink) {
        return new ModelStateOutput(sink, byReference(parent), idsHeld(parent));
    }
}
