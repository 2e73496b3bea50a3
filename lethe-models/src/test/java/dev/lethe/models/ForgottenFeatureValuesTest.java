package dev.lethe.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.data.Dataset;
import dev.lethe.data.DatasetReader;
import dev.lethe.data.ReadOptions;
import dev.lethe.model.AbstractUnlearnableModel;
import dev.lethe.model.ExactnessReport;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.Guarantee;
import dev.lethe.model.ModelFamilies;
import dev.lethe.model.ModelFamily;
import dev.lethe.model.ModelFile;
import dev.lethe.model.RecordSource;
import dev.lethe.model.UnlearnableModel;
import dev.lethe.models.sisa.SisaModel;
import dev.lethe.testing.ByteSearch;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A forgotten feature's values leave every family's model: its in-memory rows (and, for SISA, the
 * rows its constituents were trained on) and every model file written afterwards, with exactness
 * against retraining kept.
 */
public class ForgottenFeatureValuesTest {

    /** A distinctive value: its 8 bytes occur nowhere else. */
    public static final double AGE = 123456.789;
    private static final String CITY = "Zurich-Enge-7";

    @TempDir
    Path dir;

    /**
     * Rows id,x,age,city,y: every fourth row's age is {@link #AGE}, every third row's city is {@link #CITY}.
     */
    public static Dataset data(Path dir) throws IOException {
        return DatasetReader.read(write(dir), ReadOptions.label("y").withId("id")).dataset();
    }

    private Path write() throws IOException {
        return write(dir);
    }

    private static Path write(Path dir) throws IOException {
        StringBuilder csv = new StringBuilder("id,x,age,city,y\n");
        Random r = new Random(11);
        String[] cities = {"Basel", "Bern", CITY};
        for (int i = 0; i < 60; i++) {
            double x = Math.rint(r.nextGaussian() * 100) / 10;
            double age = i % 4 == 0 ? AGE : 20 + i % 7;
            String y = x + r.nextGaussian() > 0 ? "yes" : "no";
            csv.append(i).append(',').append(x).append(',').append(age).append(',').append(cities[i % 3]).append(',')
                    .append(y).append('\n');
        }
        Path file = dir.resolve("data.csv");
        Files.writeString(file, csv);
        return file;
    }

    @ParameterizedTest
    @ValueSource(strings = {"nb", "ridge", "logistic", "knn", "forest", "sisa"})
    void aForgottenFeaturesValuesLeaveMemoryAndTheModelFile(String name) throws IOException {
        ModelFamily family = ModelFamilies.byName(name);
        Dataset data = DatasetReader.read(write(), ReadOptions.label("y").withId("id")).dataset();
        UnlearnableModel model = family.learner(Map.of(), 3).fit(data);
        assertThat(holdsAge(ModelFile.toBytes(model))).as("the distinctive value is found before the forget").isTrue();

        ForgetReceipt age = model.forget(new ForgetRequest.Feature("age"));
        ForgetReceipt city = model.forget(new ForgetRequest.Feature("city"));

        UnlearnableModel loaded = ModelFile.fromBytes(ModelFile.toBytes(model));
        for (UnlearnableModel m : new UnlearnableModel[] {model, loaded}) {
            byte[] bytes = ModelFile.toBytes(m);
            assertThat(holdsAge(bytes)).as("%s file holds %s", name, AGE).isFalse();
            assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).doesNotContain(CITY);
            assertThat(rowsHoldAge(((AbstractUnlearnableModel) m).records().data())).as("%s in-memory rows", name).isFalse();
            if (m instanceof SisaModel sisa) {
                for (int k = 0; k < sisa.shardCount(); k++) {
                    AbstractUnlearnableModel shard = (AbstractUnlearnableModel) sisa.shardModel(k);
                    assertThat(shard == null || !rowsHoldAge(shard.records().data())).as("shard %d's rows", k).isTrue();
                }
            }
        }
        assertThat(data.value(0, 1)).as("the caller's data is untouched").isEqualTo(AGE);
        assertThat(loaded.stateDigest()).isEqualTo(model.stateDigest());

        ExactnessReport report = family.verify(loaded, data);
        if (age.guarantee() == Guarantee.EXACT && city.guarantee() == Guarantee.EXACT) {
            assertThat(report.passed()).as(report.toString()).isTrue();
        } else { // logistic: a feature update is approximate; the reloaded model still predicts as the live one
            for (int i = 0; i < data.size(); i++) {
                assertThat(loaded.probabilities(data.row(i))).containsExactly(model.probabilities(data.row(i)));
            }
        }
        ForgetReceipt record = loaded.forget(new ForgetRequest.Records(java.util.Set.of(5L)));
        assertThat(record.recordCount()).isEqualTo(1);
    }

    /**
     * A registry stores a version by reference: its dataset still holds the forgotten column, yet the
     * version loads (the content hash covers no forgotten column), with the same digest, and its rows
     * hold none of the column's values; a forget after loading gives the same digest as on the live model.
     */
    @ParameterizedTest
    @ValueSource(strings = {"nb", "ridge", "knn", "forest", "sisa"})
    void aVersionByReferenceLoadsAfterAFeatureForget(String name) throws IOException {
        ModelFamily family = ModelFamilies.byName(name);
        Dataset data = DatasetReader.read(write(), ReadOptions.label("y").withId("id")).dataset();
        UnlearnableModel model = family.learner(Map.of(), 3).fit(data);
        model.forget(new ForgetRequest.Records(java.util.Set.of(4L)));
        model.forget(new ForgetRequest.Feature("age"));
        RecordSource registry = (schema, ids) -> {
            java.util.Set<Long> wanted = new java.util.HashSet<>();
            for (long id : ids) {
                wanted.add(id);
            }
            return data.withoutRecords(id -> !wanted.contains(id)).conformTo(schema);
        };
        byte[] stored = ModelFile.toBytesReferencingRecords(model);
        assertThat(holdsAge(stored)).isFalse();
        UnlearnableModel loaded = ModelFile.fromBytes(stored, registry);
        assertThat(rowsHoldAge(((AbstractUnlearnableModel) loaded).records().data())).isFalse();
        assertThat(loaded.stateDigest()).isEqualTo(model.stateDigest());
        assertThat(ModelFile.toBytes(loaded)).isEqualTo(ModelFile.toBytes(model));
        assertThat(loaded.forget(new ForgetRequest.Records(java.util.Set.of(9L))).digestAfter())
                .isEqualTo(model.forget(new ForgetRequest.Records(java.util.Set.of(9L))).digestAfter());
    }

    /**
     * SISA's constituents were trained on views of the rows: once a record is forgotten, no constituent
     * (those of untouched shards included) may keep arrays that still hold its values.
     */
    @org.junit.jupiter.api.Test
    void noSisaConstituentKeepsAForgottenRecordsValues() throws IOException {
        Dataset data = data(dir);
        SisaModel model = (SisaModel) ModelFamilies.byName("sisa").learner(Map.of(), 3).fit(data);
        java.util.Set<Long> withAge = new java.util.TreeSet<>();
        for (int i = 0; i < data.size(); i++) {
            if (data.value(i, 1) == AGE) {
                withAge.add(data.recordId(i));
            }
        }
        model.forget(new ForgetRequest.Records(withAge));
        for (int k = 0; k < model.shardCount(); k++) {
            AbstractUnlearnableModel shard = (AbstractUnlearnableModel) model.shardModel(k);
            assertThat(shard == null || !rowsHoldAge(shard.records().data())).as("shard %d's rows", k).isTrue();
        }
        assertThat(rowsHoldAge(model.records().data())).isFalse();
        assertThat(data.value(0, 1)).isEqualTo(AGE);
    }

    /** Whether the 8 bytes of {@link #AGE} occur in either byte order. */
    public static boolean holdsAge(byte[] bytes) {
        return ByteSearch.indexOf(bytes, pattern(ByteOrder.BIG_ENDIAN)) >= 0 || ByteSearch.indexOf(bytes, pattern(ByteOrder.LITTLE_ENDIAN)) >= 0;
    }

    private static byte[] pattern(ByteOrder order) {
        return ByteBuffer.allocate(8).order(order).putDouble(AGE).array();
    }

    /** Whether the arrays behind a dataset (all its rows and columns, not only its view) hold {@link #AGE}. */
    public static boolean rowsHoldAge(Dataset d) {
        try {
            Field f = Dataset.class.getDeclaredField("values");
            f.setAccessible(true);
            for (double v : (double[]) f.get(d)) {
                if (v == AGE) {
                    return true;
                }
            }
            return false;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
