package dev.lethe.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Lethe's model file format, our own and not Java serialization:
 * <pre>
 *   8 bytes  magic "LETHEMDL"
 *   u16      format version: 1 training records embedded, 2 training records by reference
 *   UTF      family name
 *   int      family state version
 *   long     state length in bytes
 *   bytes    family state ({@link UnlearnableModel#writeState})
 *   32 bytes SHA-256 of everything above
 * </pre>
 * A standalone model file (version 1) embeds its training records, feature values and all. A
 * registry stores its training data once and each model version by reference (version 2): the
 * state then holds the record IDs, the forget state and a content hash instead of the rows, and
 * loading resolves the rows through a {@link RecordSource}.
 * Files are written to a temporary sibling and moved into place atomically, so a crash never
 * leaves a half-written model under the real name. Loading checks the checksum before parsing.
 */
public final class ModelFile {

    static final byte[] MAGIC = {'L', 'E', 'T', 'H', 'E', 'M', 'D', 'L'};
    /** Format version of a file that embeds its training records. */
    static final int FORMAT_VERSION = 1;
    /** Format version of a state whose training records are written by reference. */
    static final int REFERENCING_VERSION = 2;

    private ModelFile() {
    }

    /**
     * Writes {@code model} to {@code path} atomically. A path that is a symbolic link is followed: the
     * file it points to is replaced and the link kept (replacing the link itself would leave the old
     * model, with the records just forgotten, under the link's target).
     */
    public static void save(UnlearnableModel model, Path path) {
        byte[] bytes = toBytes(model);
        path = followLinks(path);
        Path dir = path.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + path.getFileName(), ".tmp");
            try {
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    out.write(bytes);
                }
                try {
                    Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new ModelFileException(path + ": cannot write the model: " + e.getMessage(), e);
        }
    }

    /**
     * The file a path names once its symbolic links are followed (also a link to a file not yet
     * written); a path that is no link is returned as it is.
     */
    public static Path followLinks(Path path) {
        Path p = path;
        for (int hops = 0; Files.isSymbolicLink(p); hops++) {
            if (hops == 40) {
                throw new ModelFileException(path + ": too many levels of symbolic links");
            }
            try {
                Path parent = p.toAbsolutePath().getParent();
                p = parent.resolve(Files.readSymbolicLink(p));
            } catch (IOException e) {
                throw new ModelFileException(path + ": cannot follow the symbolic link: " + e.getMessage(), e);
            }
        }
        return p;
    }

    /** The model as a standalone file: its training records embedded. */
    public static byte[] toBytes(UnlearnableModel model) {
        return encode(model, false);
    }

    /**
     * The model with its training records by reference (record IDs, forget state, content hash; no
     * feature values, targets or subjects), for a store that keeps the rows once. Load it with
     * {@link #fromBytes(byte[], RecordSource)}.
     */
    public static byte[] toBytesReferencingRecords(UnlearnableModel model) {
        return encode(model, true);
    }

    private static byte[] encode(UnlearnableModel model, boolean recordsByReference) {
        try {
            ByteArrayOutputStream state = new ByteArrayOutputStream(1 << 16);
            try (DataOutputStream out = new ModelStateOutput(state, recordsByReference)) {
                model.writeState(out);
            }
            ByteArrayOutputStream file = new ByteArrayOutputStream(state.size() + 128);
            MessageDigest sha = Digests.sha256();
            try (DataOutputStream out = new DataOutputStream(new DigestOutputStream(file, sha))) {
                out.write(MAGIC);
                out.writeShort(recordsByReference ? REFERENCING_VERSION : FORMAT_VERSION);
                out.writeUTF(model.family());
                out.writeInt(model.stateVersion());
                out.writeLong(state.size());
                state.writeTo(out);
                out.flush();
                file.write(sha.digest());
            }
            return file.toByteArray();
        } catch (IOException e) {
            throw new ModelFileException("cannot encode the model: " + e.getMessage(), e);
        }
    }

    public static UnlearnableModel load(Path path) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new ModelFileException(path + ": no such model file");
        } catch (IOException e) {
            throw new ModelFileException(path + ": cannot read: " + e.getMessage(), e);
        }
        try {
            return fromBytes(bytes);
        } catch (ModelFileException e) {
            throw new ModelFileException(path + ": " + e.getMessage(), e);
        }
    }

    /** A model from a standalone file (its training records embedded). */
    public static UnlearnableModel fromBytes(byte[] bytes) {
        return fromBytes(bytes, null);
    }

    /**
     * A model from either form; records written by reference are resolved through {@code source}
     * ({@code null} accepts only embedded records).
     */
    public static UnlearnableModel fromBytes(byte[] bytes, RecordSource source) {
        if (bytes.length < MAGIC.length + 32 || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new ModelFileException("not a Lethe model file");
        }
        int body = bytes.length - 32;
        byte[] expected = Digests.sha256().digest(Arrays.copyOf(bytes, body));
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 0, body))) {
            in.skipNBytes(MAGIC.length);
            int version = in.readUnsignedShort();
            if (version == REFERENCING_VERSION && source == null) {
                throw new ModelFileException("the model's training records are stored by reference in a registry's "
                        + "dataset; load it through its registry");
            }
            if (version != FORMAT_VERSION && version != REFERENCING_VERSION) {
                throw new ModelFileException("model file format version " + version + " is not supported (this Lethe reads "
                        + FORMAT_VERSION + " and " + REFERENCING_VERSION + ")");
            }
            String familyName = in.readUTF();
            int stateVersion = in.readInt();
            long length = in.readLong();
            if (length != in.available()) {
                throw new ModelFileException("the file is truncated or corrupted (state of " + length + " bytes, "
                        + in.available() + " present)");
            }
            if (!Arrays.equals(expected, 0, 32, bytes, body, bytes.length)) {
                throw new ModelFileException("checksum mismatch: the file is corrupted");
            }
            ModelFamily family;
            try {
                family = ModelFamilies.byName(familyName);
            } catch (OptionsException e) {
                throw new ModelFileException("the file holds a '" + familyName + "' model, which this Lethe cannot read");
            }
            DataInputStream state = version == REFERENCING_VERSION ? new ModelStateInput(in, source) : in;
            UnlearnableModel model = family.read(state, stateVersion);
            if (in.available() != 0) {
                throw new ModelFileException("corrupted model state: " + in.available() + " bytes left unread");
            }
            return model;
        } catch (EOFException e) {
            throw new ModelFileException("the file is truncated", e);
        } catch (IOException | RuntimeException e) {
            if (e instanceof ModelFileException m) {
                throw m;
            }
            if (e instanceof LetheException l && l.kind() == LetheException.Kind.UNAVAILABLE) {
                throw l; // the record source's database is down: not a corrupted file
            }
            throw new ModelFileException("corrupted model state: " + e.getMessage(), e);
        }
    }
}
