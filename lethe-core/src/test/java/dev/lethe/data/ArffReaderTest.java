package dev.lethe.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.testing.RepositoryData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArffReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsTheRealGermanCreditFile() {
        Dataset d = ArffReader.read(RepositoryData.path("credit-g.arff.gz"), ReadOptions.label("class")).dataset();
        assertThat(d.size()).isEqualTo(1000);
        assertThat(d.numFeatures()).isEqualTo(20);
        assertThat(d.schema().classes()).containsExactly("good", "bad");
        assertThat(d.schema().feature(0).isCategorical()).isTrue();
    }

    @Test
    void readsQuotedNominalsAndMissingValues() throws IOException {
        Path f = dir.resolve("x.arff");
        Files.writeString(f, "% comment\n@relation r\n@attribute 'my attr' {'a b', c}\n@attribute n numeric\n"
                + "@attribute y {yes,no}\n@data\n'a b',1.5,yes\nc,?,no\n");
        assertThatThrownBy(() -> ArffReader.read(f, ReadOptions.label("y")))
                .isInstanceOf(DataException.class).hasMessageContaining("x.arff line 8 column 'n'");
        Dataset d = ArffReader.read(f, ReadOptions.label("y").withMissing(MissingPolicy.IMPUTE)).dataset();
        assertThat(d.schema().feature(0).levels()).containsExactly("a b", "c");
        assertThat(d.value(1, 1)).isEqualTo(1.5);
        assertThat(d.schema().classes()).containsExactly("yes", "no");
    }

    @Test
    void rejectsSparseDataAndStringAttributes() throws IOException {
        Path sparse = dir.resolve("s.arff");
        Files.writeString(sparse, "@relation r\n@attribute a numeric\n@attribute y {p,q}\n@data\n{0 1, 1 p}\n");
        assertThatThrownBy(() -> ArffReader.read(sparse, ReadOptions.label("y")))
                .isInstanceOf(DataException.class).hasMessageContaining("sparse");
        Path string = dir.resolve("t.arff");
        Files.writeString(string, "@relation r\n@attribute a string\n@data\n");
        assertThatThrownBy(() -> ArffReader.read(string, ReadOptions.label("a")))
                .isInstanceOf(DataException.class).hasMessageContaining("type 'string'");
    }
}
