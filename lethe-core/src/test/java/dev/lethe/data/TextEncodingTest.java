package dev.lethe.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Text files are decoded strictly, in a declared encoding, without a byte-order mark (issue 11, section 7). */
class TextEncodingTest {

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    @TempDir
    Path dir;

    Path write(String name, byte[]... parts) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            all.write(p);
        }
        Path p = dir.resolve(name);
        Files.write(p, all.toByteArray());
        return p;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aByteOrderMarkIsNotPartOfTheFirstColumnName() throws IOException {
        Path csv = write("bom.csv", BOM, utf8("id,x,y\n1,0.5,a\n2,1.5,b\n"));
        Dataset d = CsvReader.read(csv, ReadOptions.label("y").withId("id")).dataset();
        assertThat(d.recordIds()).containsExactly(1, 2);
        assertThat(CsvReader.parse(csv, StandardCharsets.UTF_8).names.get(0)).isEqualTo("id");
        Path arff = write("bom.arff", BOM, utf8("@relation r\n@attribute x numeric\n@attribute y {a,b}\n@data\n0.5,a\n1.5,b\n"));
        assertThat(ArffReader.read(arff, ReadOptions.label("y")).dataset().schema().featureNames()).containsExactly("x");
        // gzip-compressed too, and with a declared UTF-16 file whose decoder keeps the mark
        Path gz = dir.resolve("bom.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(BOM);
            out.write(utf8("id,x,y\n1,0.5,a\n"));
        }
        assertThat(CsvReader.parse(gz, StandardCharsets.UTF_8).names.get(0)).isEqualTo("id");
        Path utf16 = write("bom16.csv", "\uFEFFid,x,y\n1,0.5,a\n".getBytes(StandardCharsets.UTF_16LE));
        assertThat(CsvReader.parse(utf16, StandardCharsets.UTF_16LE).names.get(0)).isEqualTo("id");
    }

    @Test
    void invalidUtf8IsAnErrorNamingLineAndColumn() throws IOException {
        // "pé" and "pè" in Latin-1: read as UTF-8 they used to become one label "p\uFFFD"
        Path csv = write("latin1.csv", utf8("x,y\n1,p"), new byte[] {(byte) 0xE9}, utf8("\n2,p"), new byte[] {(byte) 0xE8},
                utf8("\n"));
        assertThatThrownBy(() -> CsvReader.read(csv, ReadOptions.label("y"))).isInstanceOf(DataException.class)
                .hasMessageContaining("latin1.csv line 2 column 4: the bytes 0xE9 are not valid UTF-8")
                .hasMessageContaining("--encoding");
        Dataset d = CsvReader.read(csv, ReadOptions.label("y").withEncoding(StandardCharsets.ISO_8859_1)).dataset();
        assertThat(d.schema().classes()).containsExactly("pè", "pé");
        // a multi-byte character cut off at the end of the file
        Path cut = write("cut.csv", utf8("x,y\n1,é\n2,"), new byte[] {(byte) 0xC3});
        assertThatThrownBy(() -> CsvReader.read(cut, ReadOptions.label("y"))).isInstanceOf(DataException.class)
                .hasMessageContaining("cut.csv line 3 column 3: the bytes 0xC3");
    }

    @Test
    void multiByteCharactersAcrossBufferBoundariesDecode() throws IOException {
        StringBuilder csv = new StringBuilder("x,y\n");
        for (int i = 0; i < 20_000; i++) {
            csv.append(i).append(',').append(i % 2 == 0 ? "ä€😀" : "ø").append('\n');
        }
        Dataset d = CsvReader.read(write("big.csv", utf8(csv.toString())), ReadOptions.label("y")).dataset();
        assertThat(d.size()).isEqualTo(20_000);
        assertThat(d.schema().classes()).containsExactly("ä€😀", "ø");
    }

    @Test
    void theEncodingIsKeptWithTheReadOptionsOnlyWhenItIsNotUtf8() {
        ReadOptions utf8 = ReadOptions.label("y");
        assertThat(utf8.toMap()).doesNotContainKey("encoding");
        ReadOptions latin1 = utf8.withEncoding(StandardCharsets.ISO_8859_1);
        assertThat(latin1.toMap()).containsEntry("encoding", "ISO-8859-1");
        assertThat(ReadOptions.fromMap(latin1.toMap())).isEqualTo(latin1);
        assertThat(ReadOptions.fromMap(Map.of("label", "y")).encoding()).isEqualTo(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ReadOptions.fromMap(Map.of("label", "y", "encoding", "no-such-charset")))
                .isInstanceOf(DataException.class).hasMessageContaining("'no-such-charset' is not supported");
    }
}
