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
 * Lethe's model file format (version 1), our own and not Java serialization:
 * <pre>
 *   8 bytes  magic "LETHEMDL"
 *   u16      format version
 *   UTF      family name
 *   int      family state version
 *   long     state length in bytes
 *   bytes    family state ({@link UnlearnableModel#writeState})
 *   32 bytes SHA-256 of everything above
 * </pre>
 * Files are written to a temporary sibling and moved into place atomically, so a crash never
 * leaves a half-written model under the real name. Loading checks the checksum before parsing.
 */
public final class ModelFile {

    static final byte[] MAGIC = {'L', 'E', 'T', 'H', 'E', 'M', 'D', 'L'};
    static final int FORMAT_VERSION = 1;

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

    public static byte[] toBytes(UnlearnableModel model) {
        try {
            ByteArrayOutputStream state = new ByteArrayOutputStream(1 << 16);
            try (DataOutputStream out = new DataOutputStream(state)) {
                model.writeState(out);
            }
            ByteArrayOutputStream file = new ByteArrayOutputStream(state.size() + 128);
            MessageDigest sha = Digests.sha256();
            try (DataOutputStream out = new DataOutputStream(new DigestOutputStream(file, sha))) {
                out.write(MAGIC);
                out.writeShort(FORMAT_VERSION);
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

    public static UnlearnableModel fromBytes(byte[] bytes) {
        if (bytes.length < MAGIC.length + 32 || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new ModelFileException("not a Lethe model file");
        }
        int body = bytes.length - 32;
        byte[] expected = Digests.sha256().digest(Arrays.copyOf(bytes, body));
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 0, body))) {
            in.skipNBytes(MAGIC.length);
            int version = in.readUnsignedShort();
            if (version != FORMAT_VERSION) {
                throw new ModelFileException("model file format version " + version + " is not supported (this Lethe reads "
                        + FORMAT_VERSION + ")");
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
            UnlearnableModel model = family.read(in, stateVersion);
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
            throw new ModelFileException("corrupted model state: " + e.getMessage(), e);
        }
    }
}
