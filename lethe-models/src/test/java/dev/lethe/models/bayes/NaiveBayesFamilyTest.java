package dev.lethe.models.bayes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.data.Dataset;
import dev.lethe.model.Digests;
import dev.lethe.model.ExactnessReport;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.ModelFamilies;
import dev.lethe.model.ModelFamily;
import dev.lethe.model.ModelFile;
import dev.lethe.model.ModelFileException;
import dev.lethe.model.OptionsException;
import dev.lethe.model.UnlearnableModel;
import dev.lethe.testing.Exactness;
import dev.lethe.testing.RandomData;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NaiveBayesFamilyTest {

    private final ModelFamily family = ModelFamilies.byName("nb");

    @Test
    void isRegisteredUnderItsName() {
        assertThat(family).isInstanceOf(NaiveBayesFamily.class);
        assertThat(ModelFamilies.names()).contains("nb");
        assertThat(family.description()).contains("naive Bayes");
    }

    @Test
    void settingsRoundTripThroughTheFamily() {
        NaiveBayesLearner learner = new NaiveBayesLearner(new NaiveBayesLearner.Options(0.3, 1e-4), 42);
        NaiveBayesLearner again = (NaiveBayesLearner) family.learner(learner.settings(), learner.seed());
        assertThat(again.options()).isEqualTo(learner.options());
        assertThat(again.seed()).isEqualTo(42);
        assertThat(((NaiveBayesLearner) family.learner(Map.of(), 0)).options()).isEqualTo(NaiveBayesLearner.Options.defaults());
    }

    @Test
    void badSettingsAreRejectedWithTheValue() {
        assertThatThrownBy(() -> family.learner(Map.of("alpha", "0"), 0)).isInstanceOf(OptionsException.class)
                .hasMessageContaining("'alpha'").hasMessageContaining("> 0, got 0.0");
        assertThatThrownBy(() -> family.learner(Map.of("alpha", "-1"), 0)).isInstanceOf(OptionsException.class)
                .hasMessageContaining("got -1.0");
        assertThatThrownBy(() -> family.learner(Map.of("alpha", "many"), 0)).isInstanceOf(OptionsException.class)
                .hasMessageContaining("got 'many'");
        assertThatThrownBy(() -> family.learner(Map.of("varSmoothing", "NaN"), 0)).isInstanceOf(OptionsException.class)
                .hasMessageContaining("'varSmoothing'");
        assertThatThrownBy(() -> family.learner(Map.of("varSmoothing", "0"), 0)).isInstanceOf(OptionsException.class)
                .hasMessageContaining("'varSmoothing'");
        assertThatThrownBy(() -> family.learner(Map.of("aplha", "1"), 0)).isInstanceOf(OptionsException.class)
                .hasMessageContaining("no setting 'aplha'");
        assertThatThrownBy(() -> new NaiveBayesLearner.Options(Double.POSITIVE_INFINITY, 1e-9))
                .isInstanceOf(OptionsException.class).hasMessageContaining("Infinity");
    }

    @Property(tries = 25)
    void aLoadedModelEqualsTheSavedOneAndKeepsForgettingExactly(@ForAll @LongRange(min = 1, max = 1_000_000_000L) long seed) {
        Random r = new Random(seed);
        Dataset data = NaiveBayesModelTest.randomData(r, seed);
        NaiveBayesLearner learner = NaiveBayesModelTest.randomLearner(r, seed);
        NaiveBayesModel model = learner.fit(data);
        for (int step = 0; step < 4; step++) {
            NaiveBayesModelTest.forgetOrRefuse(model, NaiveBayesModelTest.randomRequest(r, model, data), data);
        }
        NaiveBayesModel loaded = (NaiveBayesModel) ModelFile.fromBytes(ModelFile.toBytes(model));
        assertThat(loaded.stateDigest()).isEqualTo(model.stateDigest());
        assertThat(loaded.history()).isEqualTo(model.history());
        assertThat(loaded.options()).isEqualTo(model.options());
        assertThat(loaded.provenance().settings()).isEqualTo(model.provenance().settings());
        assertThat(loaded.provenance().dataFingerprint()).isEqualTo(model.provenance().dataFingerprint());
        for (int i = 0; i < data.size(); i++) {
            assertThat(loaded.probabilities(data.row(i))).containsExactly(model.probabilities(data.row(i)));
        }
        for (int step = 0; step < 4; step++) {
            ForgetRequest request = NaiveBayesModelTest.randomRequest(r, loaded, data);
            NaiveBayesModelTest.forgetOrRefuse(loaded, request, data);
            Exactness.assertMatchesRetrained(loaded, learner, data, 1e-9);
        }
        ExactnessReport report = family.verify(loaded, data);
        assertThat(report.passed()).as(report.toString()).isTrue();
    }

    @Test
    void savesAndLoadsThroughAFile(@TempDir Path dir) {
        Dataset data = RandomData.classification(9, 120, 2, 2, 3);
        NaiveBayesModel model = new NaiveBayesLearner().fit(data);
        model.forget(new ForgetRequest.Relabel(Map.of(data.recordId(5), "class0")));
        model.forget(new ForgetRequest.Feature("cat1"));
        Path file = dir.resolve("nb.model");
        ModelFile.save(model, file);
        UnlearnableModel loaded = ModelFile.load(file);
        assertThat(loaded.stateDigest()).isEqualTo(model.stateDigest());
        assertThat(loaded.parameters().keySet()).isEqualTo(model.parameters().keySet());
        loaded.forget(ForgetRequest.Records.of(data.recordId(5), data.recordId(6)));
        Exactness.assertMatchesRetrained(loaded, new NaiveBayesLearner(), data, 1e-9);
    }

    @Test
    void truncatedOrCorruptedFilesAreRejected() {
        Dataset data = RandomData.classification(10, 50, 2, 1, 2);
        byte[] bytes = ModelFile.toBytes(new NaiveBayesLearner().fit(data));
        for (int cut : new int[] {0, 10, bytes.length / 2, bytes.length - 33, bytes.length - 1}) {
            assertThatThrownBy(() -> ModelFile.fromBytes(Arrays.copyOf(bytes, cut))).isInstanceOf(ModelFileException.class);
        }
        for (int at : new int[] {20, bytes.length / 3, bytes.length - 40, bytes.length - 5}) {
            byte[] flipped = bytes.clone();
            flipped[at] ^= 0x10;
            assertThatThrownBy(() -> ModelFile.fromBytes(flipped)).isInstanceOf(ModelFileException.class);
        }
    }

    /** Builds a model file around a given state, with a valid checksum (the format of {@link ModelFile}). */
    private static byte[] fileWithState(byte[] state, int stateVersion) throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(file)) {
            out.write("LETHEMDL".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.writeShort(1);
            out.writeUTF("nb");
            out.writeInt(stateVersion);
            out.writeLong(state.length);
            out.write(state);
        }
        byte[] body = file.toByteArray();
        byte[] withSum = Arrays.copyOf(body, body.length + 32);
        System.arraycopy(Digests.sha256().digest(body), 0, withSum, body.length, 32);
        return withSum;
    }

    private static byte[] stateOf(UnlearnableModel model) throws IOException {
        ByteArrayOutputStream state = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(state)) {
            model.writeState(out);
        }
        return state.toByteArray();
    }

    @Test
    void inconsistentStatisticsAreRejectedEvenWithAValidChecksum() throws IOException {
        Dataset data = RandomData.classification(12, 80, 2, 1, 2);
        NaiveBayesModel model = new NaiveBayesLearner().fit(data);
        byte[] state = stateOf(model);
        assertThat(ModelFile.fromBytes(fileWithState(state, 1)).stateDigest()).isEqualTo(model.stateDigest());

        int levels = data.schema().feature(2).numLevels();
        int statistics = 12 + 8 * 2 + 32 * 2 * 2 + 8 * 2 * levels;
        int firstClassCount = state.length - statistics + 12;
        byte[] badCount = state.clone();
        ByteBuffer.wrap(badCount).putLong(firstClassCount, ByteBuffer.wrap(state).getLong(firstClassCount) + 1);
        assertThatThrownBy(() -> ModelFile.fromBytes(fileWithState(badCount, 1))).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("corrupted naive Bayes state");

        byte[] badSum = state.clone();
        ByteBuffer.wrap(badSum).putDouble(firstClassCount + 16, Double.NaN);
        assertThatThrownBy(() -> ModelFile.fromBytes(fileWithState(badSum, 1))).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("NaN");

        byte[] badShape = state.clone();
        ByteBuffer.wrap(badShape).putInt(state.length - statistics, 3);
        assertThatThrownBy(() -> ModelFile.fromBytes(fileWithState(badShape, 1))).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("3 classes");

        assertThatThrownBy(() -> ModelFile.fromBytes(fileWithState(state, 2))).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("state version 2");
        byte[] longer = Arrays.copyOf(state, state.length + 4);
        assertThatThrownBy(() -> ModelFile.fromBytes(fileWithState(longer, 1))).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("left unread");
    }
}
