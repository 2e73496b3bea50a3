package dev.lethe.models.sisa;

import dev.lethe.data.Dataset;
import dev.lethe.model.Learner;
import dev.lethe.model.ModelFamilies;
import dev.lethe.model.ModelFileException;
import dev.lethe.model.StateCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A shard job as bytes, for a {@linkplain ShardRunner#shipsJobs() runner} whose tasks run in other
 * JVMs (a cluster's executors): the base learner (family, settings, seed), the shard's prepared
 * rows in the model file codec, its slice ends, and the checkpoints it resumes from. The driver
 * encodes ({@link #encode}); wherever the bytes land, {@link #run} trains the shard and returns its
 * state in the model file codec — no Java serialisation either way. Trained from the same bytes, a
 * shard is the one the local runner trains.
 */
public final class PortableShardJob {

    private static final int FORMAT = 1;

    private PortableShardJob() {
    }

    static byte[] encode(ShardJob job) {
        ShardJob.Prepared p = job.prepare();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT);
            Learner<?> base = job.base();
            out.writeUTF(base.family());
            StateCodec.writeMap(out, base.settings());
            out.writeLong(base.seed());
            out.writeInt(job.sliceEnds().length);
            out.writeInt(job.fromSlice());
            out.writeBoolean(p != null);
            if (p != null) {
                StateCodec.writeDataset(out, p.shard());
                StateCodec.writeInts(out, p.keptEnds());
                for (int r = 0; r < job.fromSlice(); r++) {
                    byte[] c = job.previous().checkpoints()[r];
                    out.writeInt(c == null ? -1 : c.length);
                    if (c != null) {
                        out.write(c);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Trains the shard an encoded job describes; returns its state as SISA's model file writes a shard. */
    public static byte[] run(byte[] job) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(job))) {
            int format = in.readInt();
            if (format != FORMAT) {
                throw new ModelFileException("shard job: format " + format + ", expected " + FORMAT);
            }
            String family = in.readUTF();
            Learner<?> base = ModelFamilies.byName(family).learner(StateCodec.readMap(in), in.readLong());
            int slices = in.readInt();
            int fromSlice = in.readInt();
            if (!in.readBoolean()) {
                return ShardStateCodec.encode(ShardState.empty(slices));
            }
            Dataset shard = StateCodec.readDataset(in);
            int[] keptEnds = StateCodec.readInts(in);
            byte[][] previous = new byte[slices][];
            for (int r = 0; r < fromSlice; r++) {
                int n = in.readInt();
                previous[r] = n < 0 ? null : in.readNBytes(n);
            }
            return ShardStateCodec.encode(ShardJob.train(base, shard, keptEnds, fromSlice, previous, () -> { }));
        } catch (IOException e) {
            throw new ModelFileException("corrupted shard job: " + e.getMessage(), e);
        }
    }
}
