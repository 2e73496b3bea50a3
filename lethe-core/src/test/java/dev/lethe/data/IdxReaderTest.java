package dev.lethe.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.testing.RepositoryData;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    @TempDir
    Path dir;

    void writeIdx(int n, int rows, int cols, int truncateBy) throws IOException {
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(dir.resolve("train-images-idx3-ubyte")))) {
            out.writeInt(IdxReader.IMAGES_MAGIC);
            out.writeInt(n);
            out.writeInt(rows);
            out.writeInt(cols);
            for (int i = 0; i < n * rows * cols - truncateBy; i++) {
                out.writeByte(i % 256);
            }
        }
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(dir.resolve("train-labels-idx1-ubyte")))) {
            out.writeInt(IdxReader.LABELS_MAGIC);
            out.writeInt(n);
            for (int i = 0; i < n; i++) {
                out.writeByte(i % 3 == 0 ? 7 : 2);
            }
        }
    }

    @Test
    void readsImagesAndLabelsFromAFolder() throws IOException {
        writeIdx(4, 2, 3, 0);
        Dataset d = IdxReader.read(dir).dataset();
        assertThat(d.size()).isEqualTo(4);
        assertThat(d.numFeatures()).isEqualTo(6);
        assertThat(d.schema().classes()).containsExactly("2", "7");
        assertThat(d.value(1, 2)).isEqualTo(8.0);
        assertThat(d.schema().classes().get(d.label(0))).isEqualTo("7");
    }

    @Test
    void rejectsTruncatedFiles() throws IOException {
        writeIdx(4, 2, 3, 5);
        assertThatThrownBy(() -> IdxReader.read(dir)).isInstanceOf(DataException.class).hasMessageContaining("truncated");
    }

    @Test
    void readsTheRealMnistTestSplit() {
        Dataset test = IdxReader.readTestSplit(RepositoryData.path("mnist"));
        assertThat(test.size()).isEqualTo(10_000);
        assertThat(test.numFeatures()).isEqualTo(784);
        assertThat(test.schema().numClasses()).isEqualTo(10);
    }
}
