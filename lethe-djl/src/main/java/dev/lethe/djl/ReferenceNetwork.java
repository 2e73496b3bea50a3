package dev.lethe.djl;

import dev.lethe.math.Vectors;
import dev.lethe.model.Model;
import dev.lethe.model.Provenance;
import dev.lethe.data.Schema;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A reference model of a verification reduced to what judging needs: the network's weights and input
 * scaling (trained on the retained records only), without any training records. This is what
 * {@code --verify} keeps in memory and what its on-disk cache stores, so neither holds a row of data,
 * least of all a forgotten one.
 */
final class ReferenceNetwork implements Model {

    private final Provenance provenance;
    private final Schema schema;
    private final Architecture architecture;
    private final Checkpoint state;

    ReferenceNetwork(Provenance provenance, Schema schema, Architecture architecture, Checkpoint state) {
        this.provenance = provenance;
        this.schema = schema;
        this.architecture = architecture;
        this.state = state;
    }

    /** The weights of a freshly trained reference, without its records. */
    static ReferenceNetwork of(NeuralModel trained) {
        return new ReferenceNetwork(trained.provenance(), trained.schema(), trained.architecture(), trained.state());
    }

    Checkpoint state() {
        return state;
    }

    /** Weights and input scaling only (no optimiser moments, no records). */
    byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            state.write(out, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Reads {@link #toBytes()} back for a model like {@code like} trained with {@code seed}. */
    static ReferenceNetwork fromBytes(NeuralModel like, long seed, byte[] bytes) throws IOException {
        Checkpoint state;
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            state = Checkpoint.read(in);
        }
        if (state.encoder.features() != like.schema().numFeatures() || state.classes != like.state().classes
                || state.params.length != like.state().params.length) {
            throw new IOException("cached reference weights do not fit this " + like.family() + " network");
        }
        Provenance p = like.provenance();
        return new ReferenceNetwork(Provenance.of(p.family(), p.settings(), seed, "cached reference", 0), like.schema(),
                like.architecture(), state);
    }

    @Override
    public String family() {
        return provenance.family();
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public Provenance provenance() {
        return provenance;
    }

    @Override
    public double predict(double[] row) {
        return Vectors.argmax(probabilities(row));
    }

    @Override
    public double[] probabilities(double[] row) {
        return state.probabilities(architecture, row);
    }
}
