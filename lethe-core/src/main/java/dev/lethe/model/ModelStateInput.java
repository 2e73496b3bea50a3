package dev.lethe.model;

import java.io.DataInputStream;
import java.io.InputStream;

/**
 * The stream a model's state is read from, carrying the {@link RecordSource} that resolves training
 * records written by reference ({@code null} when the records are embedded).
 */
public final class ModelStateInput extends DataInputStream {

    private final RecordSource source;

    public ModelStateInput(InputStream in, RecordSource source) {
        super(in);
        this.source = source;
    }

    /** The source of records written by reference, or {@code null} when they are embedded. */
    public RecordSource recordSource() {
        return source;
    }

    static RecordSource sourceOf(DataInputStream in) {
        return in instanceof ModelStateInput s ? s.source : null;
    }

    /** A stream for a nested model state (an ensemble member) read from {@code bytes}, resolving records as its parent does. */
    public static DataInputStream nested(DataInputStream parent, InputStream bytes) {
        return new ModelStateInput(bytes, sourceOf(parent));
    }
}
