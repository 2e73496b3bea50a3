package dev.lethe.audit.reference;

import dev.lethe.data.Dataset;
import dev.lethe.model.Model;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * The reference models of {@code --verify K} kept on disk, one file per request, so that verifying the
 * same request on the same model version again (another method after a refusal, a second opinion) does
 * not retrain K models. An entry is keyed by the model version (its state digest), the forget set's
 * digest, K, the seed and the learner's settings, and holds only what the {@link Codec} writes of each
 * reference: weights trained without the forgotten data, never a record, an ID or a label of it (the
 * file name and header carry digests only). Entries of any other model version are deleted whenever
 * the cache is used, and the owner {@link #clear}s the cache once the model it belongs to has changed.
 */
public final class ReferenceCache {

    private static final int MAGIC = 0x4C524546; // "LREF"
    private static final int VERSION = 1;
    private static final String SUFFIX = ".ref";

    /** Writes a reference's parameters and reads them back for a seed. */
    public interface Codec {
        byte[] write(Model reference);

        /** @throws IOException if the bytes are not a reference this codec wrote for this model */
        Model read(long seed, byte[] bytes) throws IOException;
    }

    /**
     * What identifies one request's references.
     *
     * @param modelDigest  the state digest of the model version being unlearned
     * @param forgetDigest {@link #forgetDigest} of the forget set
     * @param learner      the references' family and settings, as text
     */
    public record Key(String modelDigest, String forgetDigest, String learner, int k, long seed) {

        String fileName() {
            return sha256(String.join("\n", modelDigest, forgetDigest, learner, Integer.toString(k), Long.toString(seed)))
                    .substring(0, 40) + SUFFIX;
        }
    }

    private final Path dir;

    public ReferenceCache(Path dir) {
        this.dir = dir;
    }

    /** The cache of a model file: the folder {@code <model file>.references} next to it. */
    public static ReferenceCache nextTo(Path modelFile) {
        Path absolute = modelFile.toAbsolutePath();
        return new ReferenceCache(absolute.resolveSibling(absolute.getFileName() + ".references"));
    }

    public Path dir() {
        return dir;
    }

    /** A digest of the forget set's record IDs (in any order); the IDs themselves are never stored. */
    public static String forgetDigest(Dataset forget) {
        long[] ids = new long[forget.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = forget.recordId(i);
        }
        Arrays.sort(ids);
        StringBuilder s = new StringBuilder();
        for (long id : ids) {
            s.append(id).append(',');
        }
        return sha256(s.toString());
    }

    /**
     * The references for {@code key}: read from the cache if an intact entry exists, otherwise trained
     * with {@code train} and stored. Entries for other model versions are deleted first.
     */
    public ReferenceModels trainOrLoad(Key key, Codec codec, Supplier<ReferenceModels> train) {
        deleteOtherVersions(key.modelDigest());
        Path file = dir.resolve(key.fileName());
        ReferenceModels cached = read(file, key, codec);
        if (cached != null) {
            return cached;
        }
        ReferenceModels trained = train.get();
        write(file, key, codec, trained);
        return trained;
    }

    /** Whether an entry for {@code key} is stored. */
    public boolean contains(Key key) {
        return Files.isRegularFile(dir.resolve(key.fileName()));
    }

    /** Deletes every entry and the folder: the model changed, so no entry can be used again. */
    public void clear() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        for (Path p : entries()) {
            delete(p);
        }
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a file someone else put there: leave the folder
        }
    }

    private void deleteOtherVersions(String modelDigest) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        for (Path p : entries()) {
            String digest = null;
            try (DataInputStream in = new DataInputStream(Files.newInputStream(p))) {
                if (in.readInt() == MAGIC && in.readInt() == VERSION) {
                    digest = in.readUTF();
                }
            } catch (IOException e) {
                digest = null;
            }
            if (!modelDigest.equals(digest)) {
                delete(p);
            }
        }
    }

    private List<Path> entries() {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            files.forEach(out::add);
        } catch (NoSuchFileException e) {
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static ReferenceModels read(Path file, Key key, Codec codec) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(file)))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION || !in.readUTF().equals(key.modelDigest())
                    || !in.readUTF().equals(key.fileName()) || in.readInt() != key.k()) {
                throw new IOException("not this request's entry");
            }
            long nanos = in.readLong();
            List<Model> models = new ArrayList<>();
            long[] seeds = new long[key.k()];
            for (int i = 0; i < seeds.length; i++) {
                seeds[i] = in.readLong();
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                models.add(codec.read(seeds[i], bytes));
            }
            return new ReferenceModels(models, seeds, nanos);
        } catch (IOException | RuntimeException e) {
            delete(file); // damaged or foreign: train again
            return null;
        }
    }

    private void write(Path file, Key key, Codec codec, ReferenceModels refs) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(key.modelDigest());
            out.writeUTF(key.fileName());
            out.writeInt(refs.size());
            out.writeLong(refs.trainingNanos());
            for (int i = 0; i < refs.size(); i++) {
                byte[] b = codec.write(refs.models().get(i));
                out.writeLong(refs.seeds()[i]);
                out.writeInt(b.length);
                out.write(b);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "entry", ".tmp");
            Files.write(tmp, bytes.toByteArray());
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // a cache that cannot be written only costs the next verification its retrains
        }
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // left for the next use to retry
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
