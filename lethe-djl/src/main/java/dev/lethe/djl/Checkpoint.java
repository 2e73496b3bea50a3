package dev.lethe.djl;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Everything training needs to resume: input scaling, the weights, Adam's first and second moments
 * and its step count. Encoded as bytes (big-endian floats) for SISA's per-slice checkpoints and
 * for model files.
 */
final class Checkpoint {

    static final int VERSION = 1;

    final InputEncoder encoder;
    final int classes;
    final float[][] params;
    final float[][] m;
    final float[][] v;
    long step;

    Checkpoint(InputEncoder encoder, int classes, float[][] params, float[][] m, float[][] v, long step) {
        this.encoder = encoder;
        this.classes = classes;
        this.params = params;
        this.m = m;
        this.v = v;
        this.step = step;
    }

    /** The class probabilities of {@code architecture} with these weights for one raw row. */
    double[] probabilities(Architecture architecture, double[] row) {
        float[] x = new float[encoder.width()];
        encoder.encode(row, x, 0);
        return dev.lethe.math.Vectors.softmaxInPlace(architecture.logits(params, x));
    }

    byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            write(out, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Writes the checkpoint; without the optimiser state when {@code withOptimiser} is false (a final model). */
    void write(DataOutputStream out, boolean withOptimiser) throws IOException {
        out.writeInt(VERSION);
        encoder.write(out);
        out.writeInt(classes);
        out.writeLong(step);
        out.writeInt(params.length);
        out.writeBoolean(withOptimiser);
        for (int i = 0; i < params.length; i++) {
            writeFloats(out, params[i]);
            if (withOptimiser) {
                writeFloats(out, m[i]);
                writeFloats(out, v[i]);
            }
        }
    }

    static Checkpoint fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Checkpoint read(DataInputStream in) throws IOException {
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("network checkpoint version " + version + " is not supported (this Lethe reads " + VERSION + ")");
        }
        InputEncoder encoder = InputEncoder.read(in);
        int classes = in.readInt();
        long step = in.readLong();
        int count = in.readInt();
        if (count < 0 || count > 1000) {
            throw new IOException("corrupted network state: " + count + " parameter blocks");
        }
        boolean withOptimiser = in.readBoolean();
        float[][] params = new float[count][];
        float[][] m = new float[count][];
        float[][] v = new float[count][];
        for (int i = 0; i < count; i++) {
            params[i] = readFloats(in);
            m[i] = withOptimiser ? readFloats(in) : new float[params[i].length];
            v[i] = withOptimiser ? readFloats(in) : new float[params[i].length];
        }
        return new Checkpoint(encoder, classes, params, m, v, step);
    }

    private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        out.writeInt(values.length);
        for (float f : values) {
            out.writeFloat(f);
        }
    }

    private static float[] readFloats(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || (long) n * 4 > in.available()) {
            throw new IOException("corrupted network state: " + n + " floats, " + in.available() + " bytes left");
        }
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = in.readFloat();
        }
        return out;
    }
}
