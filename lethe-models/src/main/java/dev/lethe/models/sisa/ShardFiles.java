package dev.lethe.models.sisa;

import dev.lethe.model.Digests;
import dev.lethe.model.LetheException;
import dev.lethe.model.ModelFileException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * SISA's shards kept as files under the directory the sisa setting {@code shardsAt} names, one file per
 * shard in the model file codec ({@link ShardStateCodec}), named {@code shard-<k>-<sha256>.lethe}: a
 * forget writes files only for the shards it retrained, a version never overwrites another's file (a
 * name is its content's digest), and a model's payload holds each shard's path and digest
 * ({@link ShardFile}) instead of its state. Loading checks every file against its digest.
 *
 * <p>The payload's list of files ends the model's state, followed by its length and a marker, so
 * {@link #referencedBy} finds a stored version's files without loading it (for deleting files no
 * version refers to any more).
 */
public final class ShardFiles {

    /** The state version of a sisa model whose shards are files. */
    static final int STATE_VERSION = 2;
    private static final int MARKER = 0x53485244; // "SHRD"
    private static final int MODEL_FILE_DIGEST = 32;
    /** The names of shard files and of the temporary files they are written under. */
    public static final Pattern NAME = Pattern.compile("(shard-\\d+-[0-9a-f]{64}\\.lethe|\\.shard-\\d+-[0-9a-f]{64}\\.lethe\\..+\\.tmp)");

    private ShardFiles() {
    }

    /** Writes shard {@code k}'s file under {@code dir} in the form {@code parent} writes records. */
    static ShardFile store(DataOutputStream parent, ShardState state, int k, String dir) {
        byte[] bytes = ShardStateCodec.encode(parent, state);
        String sha = Digests.hex(Digests.sha256().digest(bytes));
        String path = ShardFileSystem.get().write(dir, "shard-" + k + "-" + sha + ".lethe", bytes);
        return new ShardFile(k, path, sha, bytes.length);
    }

    /** Reads shard {@code f.shard()} back, failing clearly when its file is missing or not the one recorded. */
    static ShardState load(DataInputStream parent, ShardFile f, String base, int slices) {
        byte[] bytes;
        try {
            bytes = ShardFileSystem.get().read(f.path());
        } catch (LetheException e) {
            if (e.kind() == LetheException.Kind.NOT_FOUND) {
                throw new ModelFileException("sisa shard " + f.shard() + ": its file " + f.path() + " is missing");
            }
            throw e;
        }
        String sha = Digests.hex(Digests.sha256().digest(bytes));
        if (!sha.equals(f.sha256())) {
            throw new ModelFileException("sisa shard " + f.shard() + ": its file " + f.path() + " was altered (SHA-256 "
                    + sha + ", the model records " + f.sha256() + ")");
        }
        return ShardStateCodec.decode(parent, bytes, f.shard(), base, slices);
    }

    /** Writes the list of files, then its length and the marker (the last bytes of the model's state). */
    static void writeList(DataOutputStream out, ShardFile[] files) throws IOException {
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        try (DataOutputStream b = new DataOutputStream(block)) {
            b.writeInt(files.length);
            for (ShardFile f : files) {
                b.writeUTF(f.path());
                b.writeUTF(f.sha256());
                b.writeLong(f.bytes());
            }
        }
        block.writeTo(out);
        out.writeInt(block.size());
        out.writeInt(MARKER);
    }

    /** The list {@link #writeList} wrote, of {@code shards} files ({@code -1}: any number). */
    static ShardFile[] readList(DataInputStream in, int shards) throws IOException {
        int n = in.readInt();
        if (shards >= 0 ? n != shards : n < 0) {
            throw new ModelFileException("corrupted sisa state: " + n + " shard files for " + shards + " shards");
        }
        ShardFile[] files = new ShardFile[n];
        for (int k = 0; k < n; k++) {
            files[k] = new ShardFile(k, in.readUTF(), in.readUTF(), in.readLong());
        }
        in.readInt();
        if (in.readInt() != MARKER) {
            throw new ModelFileException("corrupted sisa state: the list of shard files does not end with its marker");
        }
        return files;
    }

    /**
     * The shard files a stored model file (either form of {@code ModelFile}) refers to: empty unless it
     * is a sisa model whose shards are files. Reads only the header and the list at the end.
     */
    public static List<ShardFile> referencedBy(byte[] modelFile) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(modelFile))) {
            in.skipNBytes(8 + 2);
            if (!in.readUTF().equals(SisaFamily.NAME) || in.readInt() != STATE_VERSION) {
                return List.of();
            }
            int end = modelFile.length - MODEL_FILE_DIGEST;
            DataInputStream tail = new DataInputStream(new ByteArrayInputStream(modelFile, end - 8, 8));
            int length = tail.readInt();
            if (tail.readInt() != MARKER || length < 4 || length > end - 8) {
                throw new ModelFileException("corrupted sisa state: no list of shard files at its end");
            }
            DataInputStream list = new DataInputStream(new ByteArrayInputStream(modelFile, end - 8 - length, length + 8));
            return List.of(readList(list, -1));
        } catch (IOException e) {
            throw new ModelFileException("corrupted sisa model file: " + e.getMessage(), e);
        }
    }
}
