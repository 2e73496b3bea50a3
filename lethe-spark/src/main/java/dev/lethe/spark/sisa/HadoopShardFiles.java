package dev.lethe.spark.sisa;

import dev.lethe.model.NotFoundException;
import dev.lethe.model.OptionsException;
import dev.lethe.model.UnavailableException;
import dev.lethe.models.sisa.ShardFileSystem;
import dev.lethe.spark.SparkErrors;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * SISA's shard files ({@code shardsAt}) through Hadoop's {@link FileSystem}: the URI's scheme picks the
 * file system ({@code file:}, {@code hdfs:}, {@code s3a:}, …), configured by the active Spark
 * session's Hadoop configuration when there is one (credentials for S3A, say). A file is written under
 * a temporary name in its directory and renamed, so no reader sees a partial shard.
 */
public final class HadoopShardFiles implements ShardFileSystem {

    public static final String NAME = "hadoop";

    @Override
    public String name() {
        return NAME;
    }

    /**
     * {@code uri} as the directory for shard files, after checking that it is given and writable.
     *
     * @param what the flag or parameter that gave it, for the message
     * @throws OptionsException naming {@code what} when it is empty or cannot be written
     */
    public static String usable(String what, String uri) {
        if (uri == null || uri.isBlank()) {
            throw new OptionsException(what + ": expected the URI of a directory (file:, hdfs:, s3a:), got an empty value");
        }
        checkWritable(what, uri);
        return uri;
    }

    private static Configuration configuration() {
        return SparkSession.getActiveSession().isDefined()
                ? SparkSession.getActiveSession().get().sparkContext().hadoopConfiguration()
                : ShardTasks.HADOOP;
    }

    @Override
    public String write(String dir, String name, byte[] bytes) {
        Path target = new Path(dir, name);
        try {
            FileSystem fs = target.getFileSystem(configuration());
            target = fs.makeQualified(target);
            boolean exists = fs.exists(target);
            if (exists && Arrays.equals(readVerbatim(fs, target), bytes)) {
                return target.toString();
            }
            Path temp = new Path(target.getParent(), "." + name + "." + UUID.randomUUID() + ".tmp");
            try (OutputStream out = fs.create(temp, false)) {
                out.write(bytes);
            }
            if (exists) { // a file altered since it was written: replaced
                fs.delete(target, false);
            }
            if (!fs.rename(temp, target)) {
                fs.delete(temp, false);
                if (!fs.exists(target)) {
                    throw new IOException("renaming " + temp + " failed");
                }
            }
            return target.toString();
        } catch (IOException | IllegalArgumentException e) {
            throw new UnavailableException("cannot write sisa shard file " + target + ": " + SparkErrors.firstLine(e), e);
        }
    }

    /**
     * The file's bytes as they are: where Hadoop's own checksum disagrees (a local file edited in
     * place), the raw bytes, which the caller checks against the SHA-256 the model records.
     */
    @Override
    public byte[] read(String path) {
        Path p = new Path(path);
        try {
            return readVerbatim(p.getFileSystem(configuration()), p);
        } catch (FileNotFoundException e) {
            throw new NotFoundException("no sisa shard file " + path);
        } catch (IOException | IllegalArgumentException e) {
            throw new UnavailableException("cannot read sisa shard file " + path + ": " + SparkErrors.firstLine(e), e);
        }
    }

    private static byte[] readVerbatim(FileSystem fs, Path p) throws IOException {
        try {
            return readAll(fs, p);
        } catch (ChecksumException e) {
            if (fs instanceof ChecksumFileSystem checked) {
                return readAll(checked.getRawFileSystem(), p);
            }
            throw e;
        }
    }

    private static byte[] readAll(FileSystem fs, Path p) throws IOException {
        try (InputStream in = fs.open(p)) {
            return in.readAllBytes();
        }
    }

    @Override
    public boolean delete(String path) {
        Path p = new Path(path);
        try {
            return p.getFileSystem(configuration()).delete(p, false);
        } catch (IOException e) {
            throw new UnavailableException("cannot delete sisa shard file " + path + ": " + SparkErrors.firstLine(e), e);
        }
    }

    @Override
    public List<String> list(String dir) {
        Path p = new Path(dir);
        try {
            FileSystem fs = p.getFileSystem(configuration());
            List<String> out = new ArrayList<>();
            for (FileStatus s : fs.listStatus(p)) {
                if (s.isFile()) {
                    out.add(fs.makeQualified(s.getPath()).toString());
                }
            }
            return out;
        } catch (FileNotFoundException e) {
            return List.of();
        } catch (IOException e) {
            throw new UnavailableException("cannot list sisa shard files in " + dir + ": " + SparkErrors.firstLine(e), e);
        }
    }

    @Override
    public void checkWritable(String dir) {
        checkWritable("sisa setting 'shardsAt'", dir);
    }

    private static void checkWritable(String what, String dir) {
        try {
            Path p = new Path(dir);
            FileSystem fs = p.getFileSystem(configuration());
            Path probe = new Path(p, ".lethe-probe-" + UUID.randomUUID() + ".tmp");
            if (!fs.mkdirs(p)) {
                throw new IOException("cannot make the directory");
            }
            try (OutputStream out = fs.create(probe, false)) {
                out.write(0);
            }
            fs.delete(probe, false);
        } catch (IOException | RuntimeException e) {
            throw new OptionsException(what + ": cannot write shard files under " + dir + ": " + SparkErrors.firstLine(e));
        }
    }
}
