package dev.lethe.data;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Opens data files, transparently un-gzipping those that start with the gzip magic bytes. */
final class Inputs {

    private Inputs() {
    }

    static InputStream openStream(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString(), null, "no such file");
        }
        if (Files.isDirectory(path)) {
            throw new IOException("is a directory, expected a file");
        }
        BufferedInputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        if (b1 == 0x1f && b2 == 0x8b) {
            return new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
        }
        return in;
    }

    /** A text file in {@code charset}, decoded strictly (invalid bytes are an error with line and column), without a byte-order mark. */
    static Reader open(Path path, Charset charset) throws IOException {
        return new BufferedReader(new StrictTextReader(openStream(path), path.toString(), charset), 1 << 16);
    }
}
