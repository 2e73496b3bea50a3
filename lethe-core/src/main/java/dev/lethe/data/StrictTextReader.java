package dev.lethe.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.util.HexFormat;

/**
 * Decodes a text file strictly: a byte sequence that is not valid in the declared encoding is a
 * {@link DataException} naming the line and column, never a silent U+FFFD (which once merged the
 * labels {@code p\xe9} and {@code p\xe8} into one class). A byte-order mark at the very start is
 * dropped, so it never becomes part of the first column's name (Unicode 15, §23.8).
 */
final class StrictTextReader extends Reader {

    private static final char BOM = '\uFEFF';

    private final InputStream in;
    private final String source;
    private final Charset charset;
    private final CharsetDecoder decoder;
    private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16).flip();
    private final CharBuffer chars = CharBuffer.allocate(1 << 16).flip();
    private boolean endOfInput;
    private boolean flushed;
    private boolean atStart = true;
    private long line = 1;
    private long column;

    StrictTextReader(InputStream in, String source, Charset charset) {
        this.in = in;
        this.source = source;
        this.charset = charset;
        this.decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (!chars.hasRemaining()) {
            if (flushed) {
                return -1;
            }
            decodeMore();
        }
        int n = Math.min(length, chars.remaining());
        chars.get(buffer, offset, n);
        return n;
    }

    private void decodeMore() throws IOException {
        chars.clear();
        if (!endOfInput) {
            bytes.compact();
            int read = in.read(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
            if (read < 0) {
                endOfInput = true;
            } else {
                bytes.position(bytes.position() + read);
            }
            bytes.flip();
        }
        CoderResult result = decoder.decode(bytes, chars, endOfInput);
        if (endOfInput && !result.isError() && !bytes.hasRemaining()) {
            result = decoder.flush(chars);
            flushed = !result.isOverflow();
        }
        chars.flip();
        track();
        if (result.isError()) {
            byte[] bad = new byte[result.length()];
            bytes.get(bytes.position(), bad);
            throw new DataException(source + " line " + line + " column " + (column + 1) + ": the bytes 0x"
                    + HexFormat.of().withUpperCase().formatHex(bad) + " are not valid " + charset.name()
                    + "; convert the file to UTF-8 or name its encoding with --encoding (e.g. --encoding ISO-8859-1)");
        }
    }

    /** Advances the line and column over the characters just decoded, dropping a leading byte-order mark. */
    private void track() {
        if (atStart && chars.hasRemaining()) {
            atStart = false;
            if (chars.get(chars.position()) == BOM) {
                chars.position(chars.position() + 1);
            }
        }
        for (int i = chars.position(); i < chars.limit(); i++) {
            if (chars.get(i) == '\n') {
                line++;
                column = 0;
            } else {
                column++;
            }
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
