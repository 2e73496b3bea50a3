package dev.lethe.models.sisa;

import dev.lethe.model.ModelFamilies;
import dev.lethe.model.ModelFileException;
import dev.lethe.model.ModelStateInput;
import dev.lethe.model.ModelStateOutput;
import dev.lethe.model.UnlearnableModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One shard's state in the model file codec: its size, its constituent (family, state version and
 * the family's own state bytes) and its slice checkpoints. SISA's model file writes every shard
 * this way, and a {@linkplain ShardRunner#shipsBytes() runner in another JVM} returns each shard as
 * these bytes, so no shard ever travels by Java serialisation.
 */
final class ShardStateCodec {

    private ShardStateCodec() {
    }

    static void write(DataOutputStream out, ShardState s) throws IOException {
        out.writeInt(s.size());
        UnlearnableModel m = s.model();
        out.writeBoolean(m != null);
        if (m != null) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
            try (DataOutputStream state = ModelStateOutput.nested(out, bytes)) {
                m.writeState(state);
            }
            out.writeUTF(m.family());
            out.writeInt(m.stateVersion());
            out.writeInt(bytes.size());
            bytes.writeTo(out);
        }
        for (byte[] c : s.checkpoints()) {
            out.writeInt(c == null ? -1 : c.length);
            if (c != null) {
                out.write(c);
            }
        }
    }

    static ShardState read(DataInputStream in, int k, String base, int slices) throws IOException {
        int size = in.readInt();
        UnlearnableModel model = in.readBoolean() ? readModel(in, k, base).decode(in) : null;
        return new ShardState(model, readCheckpoints(in, slices), size);
    }

    /**
     * Reads a state a task shipped back, leaving its constituent undecoded ({@link ShardState#shipped}):
     * {@code parent} resolves its records by reference when it is decoded, and {@code stateDigest} is the
     * constituent's digest as the task computed it.
     */
    static ShardState readShipped(DataInputStream parent, byte[] bytes, int k, String base, int slices, String stateDigest) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int size = in.readInt();
            Pending pending = in.readBoolean() ? readModel(in, k, base).shipped(parent, stateDigest) : null;
            byte[][] checkpoints = readCheckpoints(in, slices);
            if (in.available() != 0) {
                throw new ModelFileException("corrupted sisa shard " + k + ": " + in.available() + " bytes left unread");
            }
            return pending == null ? new ShardState(null, checkpoints, size) : ShardState.shipped(pending, checkpoints, size);
        } catch (IOException e) {
            throw new ModelFileException("corrupted sisa shard " + k + ": " + e.getMessage(), e);
        }
    }

    /** A constituent's family, state version and state bytes, as written, not decoded yet. */
    private record Encoded(int k, String family, int version, byte[] bytes) {

        UnlearnableModel decode(DataInputStream parent) throws IOException {
            try (DataInputStream state = ModelStateInput.nested(parent, new ByteArrayInputStream(bytes))) {
                UnlearnableModel model = ModelFamilies.byName(family).read(state, version);
                if (state.available() != 0) {
                    throw new ModelFileException("corrupted sisa state: shard " + k + " has " + state.available()
                            + " bytes left unread");
                }
                return model;
            }
        }

        Pending shipped(DataInputStream parent, String stateDigest) {
            return new Pending(this, parent, stateDigest);
        }
    }

    /** A shipped constituent, decoded on first use and checked against the digest its task reported. */
    record Pending(Encoded encoded, DataInputStream parent, String stateDigest) {

        UnlearnableModel decode() {
            try {
                UnlearnableModel model = encoded.decode(parent);
                if (!model.stateDigest().equals(stateDigest)) {
                    throw new ModelFileException("sisa shard " + encoded.k() + " decodes to state " + model.stateDigest()
                            + ", its task reported " + stateDigest);
                }
                return model;
            } catch (IOException e) {
                throw new ModelFileException("corrupted sisa shard " + encoded.k() + ": " + e.getMessage(), e);
            }
        }
    }

    private static Encoded readModel(DataInputStream in, int k, String base) throws IOException {
        String family = in.readUTF();
        if (!family.equals(base)) {
            throw new ModelFileException("corrupted sisa state: shard " + k + " holds a '" + family
                    + "' model, the base is '" + base + "'");
        }
        int version = in.readInt();
        return new Encoded(k, family, version, readBytes(in, in.readInt()));
    }

    private static byte[][] readCheckpoints(DataInputStream in, int slices) throws IOException {
        byte[][] checkpoints = new byte[slices][];
        for (int r = 0; r < slices; r++) {
            int n = in.readInt();
            checkpoints[r] = n < 0 ? null : readBytes(in, n);
        }
        return checkpoints;
    }

    /** The shard alone, with its training records in full (the bytes may cross to another JVM). */
    static byte[] encode(ShardState s) {
        return encode(null, s);
    }

    /**
     * The shard alone, its constituent's training records written as {@code parent} writes its own
     * (by reference in a registry's payload, embedded otherwise; embedded for a null parent).
     */
    static byte[] encode(DataOutputStream parent, ShardState s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        try (DataOutputStream out = ModelStateOutput.nested(parent, bytes)) {
            write(out, s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static ShardState decode(byte[] bytes, int k, String base, int slices) {
        return decode(null, bytes, k, base, slices);
    }

    /** As {@link #decode(byte[], int, String, int)}, resolving records by reference as {@code parent} does. */
    static ShardState decode(DataInputStream parent, byte[] bytes, int k, String base, int slices) {
        try (DataInputStream in = ModelStateInput.nested(parent, new ByteArrayInputStream(bytes))) {
            ShardState s = read(in, k, base, slices);
            if (in.available() != 0) {
                throw new ModelFileException("corrupted sisa shard " + k + ": " + in.available() + " bytes left unread");
            }
            return s;
        } catch (IOException e) {
            throw new ModelFileException("corrupted sisa shard " + k + ": " + e.getMessage(), e);
        }
    }

    private static byte[] readBytes(DataInputStream in, int n) throws IOException {
        if (n < 0 || n > in.available()) {
            throw new ModelFileException("corrupted sisa state: a block of " + n + " bytes, " + in.available() + " left");
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }
}
