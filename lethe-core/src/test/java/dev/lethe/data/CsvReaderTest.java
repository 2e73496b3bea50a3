package dev.lethe.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.testing.RepositoryData;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {

    @TempDir
    Path dir;

    Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    @Test
    void readsQuotedFieldsTypesAndRowNumbersAsRecordIds() throws IOException {
        Path f = write("a.csv", "\"y\",\"city\",\"age\",\"note\"\n"
                + "\"yes\",\"Bern, CH\",30,\"said \"\"hi\"\"\"\n"
                + "\"no\",\"Basel\",41.5,\"two\nlines\"\n"
                + "\"yes\",\"Bern, CH\",22,\"x\"\n");
        Dataset d = CsvReader.read(f, ReadOptions.label("y").withDrop(Set.of("note"))).dataset();
        assertThat(d.size()).isEqualTo(3);
        assertThat(d.schema().featureNames()).containsExactly("city", "age");
        assertThat(d.schema().feature(0).levels()).containsExactly("Basel", "Bern, CH");
        assertThat(d.schema().feature(1).type()).isEqualTo(FeatureType.NUMERIC);
        assertThat(d.schema().classes()).containsExactly("no", "yes");
        assertThat(d.value(1, 1)).isEqualTo(41.5);
        assertThat(d.recordIds()).containsExactly(0, 1, 2);
        assertThat(d.label(1)).isEqualTo(0);
    }

    @Test
    void rejectsMissingValuesByDefaultNamingLineAndColumn() throws IOException {
        Path f = write("m.csv", "y,a,b\n1,2,3\n0,NA,4\n1,5,\n");
        assertThatThrownBy(() -> CsvReader.read(f, ReadOptions.label("y")))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("m.csv line 3 column 'a'").hasMessageContaining("missing value");
    }

    @Test
    void dropsRowsWithMissingValuesKeepingOriginalRowNumbers() throws IOException {
        Path f = write("m.csv", "y,a,b\n1,2,3\n0,NA,4\n1,5,\n0,7,8\n");
        LoadedData l = CsvReader.read(f, ReadOptions.label("y").withMissing(MissingPolicy.DROP));
        assertThat(l.droppedRows()).isEqualTo(2);
        assertThat(l.dataset().recordIds()).containsExactly(0, 3);
    }

    @Test
    void imputesMeanAndMostFrequentAndRecordsTheValues() throws IOException {
        Path f = write("m.csv", "y,a,c\n1,2,\"u\"\n0,NA,\"v\"\n1,4,\"v\"\n0,6,NA\n");
        LoadedData l = CsvReader.read(f, ReadOptions.label("y").withMissing(MissingPolicy.IMPUTE));
        assertThat(l.imputedCells()).isEqualTo(2);
        assertThat(l.imputation()).containsEntry("a", "4").containsEntry("c", "v");
        assertThat(l.dataset().value(1, 0)).isEqualTo(4.0);
        assertThat(l.dataset().value(3, 1)).isEqualTo(1.0);
    }

    @Test
    void aTypoInANumericColumnIsAnErrorNotANewCategory() throws IOException {
        Path f = write("t.csv", "y,age\n1,30\n0,41\n1,n/a\n0,50\n");
        assertThatThrownBy(() -> CsvReader.read(f, ReadOptions.label("y")))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("t.csv line 4 column 'age': expected a number, got 'n/a'");
    }

    @Test
    void usesAnIdColumnAndRejectsDuplicates() throws IOException {
        Path ok = write("i.csv", "id,y,a\n17,1,2\n5,0,3\n");
        assertThat(CsvReader.read(ok, ReadOptions.label("y").withId("id")).dataset().recordIds()).containsExactly(17, 5);
        Path dup = write("d.csv", "id,y,a\n17,1,2\n17,0,3\n");
        assertThatThrownBy(() -> CsvReader.read(dup, ReadOptions.label("y").withId("id")))
                .isInstanceOf(DataException.class).hasMessageContaining("duplicate record ID 17 (first seen on line 2)");
    }

    @Test
    void namesUnknownColumnsAndWrongFieldCounts() throws IOException {
        Path f = write("u.csv", "y,a\n1,2\n");
        assertThatThrownBy(() -> CsvReader.read(f, ReadOptions.label("z")))
                .isInstanceOf(DataException.class).hasMessageContaining("no column 'z'");
        Path g = write("w.csv", "y,a\n1,2\n1,2,3\n");
        assertThatThrownBy(() -> CsvReader.read(g, ReadOptions.label("y")))
                .isInstanceOf(DataException.class).hasMessageContaining("w.csv line 3: expected 2 fields, got 3");
        Path e = write("e.csv", "");
        assertThatThrownBy(() -> CsvReader.read(e, ReadOptions.label("y")))
                .isInstanceOf(DataException.class).hasMessageContaining("empty");
    }

    @Test
    void readsGzipAndSubjects() throws IOException {
        Path f = dir.resolve("s.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
            out.write("s,y,a\n\"alice\",1,2\n\"bob\",0,3\n\"alice\",1,4\n".getBytes(StandardCharsets.UTF_8));
        }
        Dataset d = CsvReader.read(f, ReadOptions.label("y").withSubject("s")).dataset();
        assertThat(d.numFeatures()).isEqualTo(1);
        assertThat(d.subjectId(2)).isEqualTo("alice");
        assertThat(d.subjects()).containsExactly("alice", "bob");
    }

    @Test
    void infersRegressionForManyDistinctNumbersAndClassesForFewIntegers() throws IOException {
        StringBuilder s = new StringBuilder("y,a\n");
        for (int i = 0; i < 50; i++) {
            s.append(i * 1.5).append(',').append(i).append('\n');
        }
        assertThat(CsvReader.read(write("r.csv", s.toString()), ReadOptions.label("y")).dataset().schema().task())
                .isEqualTo(Task.REGRESSION);
        assertThat(CsvReader.read(write("c.csv", "y,a\n1,2\n5,3\n1,4\n"), ReadOptions.label("y")).dataset().schema().classes())
                .containsExactly("1", "5");
    }

    @Test
    void readsRealBreastCancerDataDroppingItsMissingValues() {
        Path f = RepositoryData.path("mlbench_BreastCancer.csv.gz");
        assertThatThrownBy(() -> CsvReader.read(f, ReadOptions.label("Class")))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("mlbench_BreastCancer.csv.gz line 25 column 'Bare.nuclei': missing value");
        assertThatThrownBy(() -> CsvReader.read(f, ReadOptions.label("Class").withId("Id").withMissing(MissingPolicy.DROP)))
                .isInstanceOf(DataException.class).hasMessageContaining("duplicate record ID");
        LoadedData l = CsvReader.read(f, ReadOptions.label("Class").withDrop(Set.of("Id")).withMissing(MissingPolicy.DROP));
        assertThat(l.droppedRows()).isEqualTo(16);
        assertThat(l.dataset().size()).isEqualTo(683);
        assertThat(l.dataset().schema().classes()).containsExactly("benign", "malignant");
    }

    @Test
    void readsIntoAFixedSchemaAndRejectsUnseenLevels() throws IOException {
        Dataset train = CsvReader.read(write("tr.csv", "y,c,a\n\"p\",\"u\",1\n\"q\",\"v\",2\n"), ReadOptions.label("y")).dataset();
        LoadedData unlabelled = DatasetReader.readFor(write("te.csv", "a,c\n5,\"v\"\n"), ReadOptions.label("y"),
                train.schema(), java.util.Map.of());
        assertThat(unlabelled.hasLabels()).isFalse();
        assertThat(unlabelled.dataset().value(0, 0)).isEqualTo(1.0);
        assertThat(unlabelled.dataset().value(0, 1)).isEqualTo(5.0);
        assertThatThrownBy(() -> DatasetReader.readFor(write("bad.csv", "y,c,a\n\"p\",\"w\",1\n"), ReadOptions.label("y"),
                train.schema(), java.util.Map.of()))
                .isInstanceOf(DataException.class).hasMessageContaining("line 2 column 'c': 'w' is not one of the known values [u, v]");
    }
}
