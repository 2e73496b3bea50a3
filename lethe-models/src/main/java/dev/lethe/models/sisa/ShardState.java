package dev.lethe.models.sisa;

import dev.lethe.model.Digests;
import dev.lethe.model.UnlearnableModel;
import java.security.MessageDigest;

/**
 * One constituent of a SISA model: its model (null while the shard holds no records), the
 * checkpoint after each slice (entries null when the base learner is not incremental or the shard
 * is empty), and the number of records it was trained on. Immutable; a forget replaces it.
 */
final class ShardState {

    private UnlearnableModel model;
    /** A shipped constituent not decoded yet (null once decoded, or for a model given at once). */
    private ShardStateCodec.Pending pending;
    private final byte[][] checkpoints;
    private final int size;
    /** The digest of the rows resident where the shard last trained ({@link ResidentShards}), or null; not part of the state. */
    private final String resident;
    private String digest;

    ShardState(UnlearnableModel model, byte[][] checkpoints, int size) {
        this(model, checkpoints, size, null);
    }

    private ShardState(UnlearnableModel model, byte[][] checkpoints, int size, String resident) {
        this(model, null, checkpoints, size, resident);
    }

    private ShardState(UnlearnableModel model, ShardStateCodec.Pending pending, byte[][] checkpoints, int size,
                       String resident) {
        this.model = model;
        this.pending = pending;
        this.checkpoints = checkpoints;
        this.size = size;
        this.resident = resident;
    }

    /** This state, its prepared rows resident with {@code digest} where it trained (null or empty: none). */
    ShardState withResident(String digest) {
        return new ShardState(model, pending, checkpoints, size, digest == null || digest.isEmpty() ? null : digest);
    }

    /**
     * A state whose constituent came back from another JVM and is decoded on first use ({@link #model()}):
     * the driver of a cluster holds the few bytes of a state written with its records by reference, not a
     * decoded copy of every shard's rows. Its digest is the one its task reported, checked when decoded.
     */
    static ShardState shipped(ShardStateCodec.Pending pending, byte[][] checkpoints, int size) {
        return new ShardState(null, pending, checkpoints, size, null);
    }

    String resident() {
        return resident;
    }

    static ShardState empty(int slices) {
        return new ShardState(null, new byte[slices][], 0);
    }

    /** The constituent (decoding a shipped one now); null while the shard holds no records. */
    synchronized UnlearnableModel model() {
        if (pending != null) {
            model = pending.decode();
            pending = null;
        }
        return model;
    }

    /** Whether the constituent is decoded here (false while a shipped one waits for its first use). */
    synchronized boolean decoded() {
        return pending == null;
    }

    boolean hasModel() {
        return model != null || pending != null;
    }

    private synchronized String modelDigest() {
        if (pending != null) {
            return pending.stateDigest();
        }
        return model == null ? "empty" : model.stateDigest();
    }

    byte[][] checkpoints() {
        return checkpoints;
    }

    int size() {
        return size;
    }

    /** SHA-256 over the model's state digest and every checkpoint, computed once. */
    synchronized String digest() {
        if (digest == null) {
            MessageDigest sha = Digests.sha256();
            sha.update(Integer.toString(size).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            sha.update(modelDigest().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            for (byte[] c : checkpoints) {
                sha.update((byte) (c == null ? 0 : 1));
                if (c != null) {
                    sha.update(c);
                }
            }
            digest = Digests.hex(sha.digest());
        }
        return digest;
    }
}
