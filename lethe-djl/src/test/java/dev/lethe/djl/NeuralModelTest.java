package dev.lethe.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.data.Dataset;
import dev.lethe.data.IdxReader;
import dev.lethe.model.ForgetException;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.ModelFamilies;
import dev.lethe.model.ModelFile;
import dev.lethe.model.OptionsException;
import dev.lethe.model.RetrainCheck;
import dev.lethe.model.UnlearnableModel;
import dev.lethe.testing.RandomData;
import dev.lethe.testing.RepositoryData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class NeuralModelTest {

    static Dataset mnist(int rows) {
        Dataset all = IdxReader.readTestSplit(RepositoryData.path("mnist"));
        int[] first = new int[rows];
        for (int i = 0; i < rows; i++) {
            first[i] = i;
        }
        return all.select(first);
    }

    static NeuralLearner mlp(Map<String, String> settings, long seed) {
        return (NeuralLearner) ModelFamilies.byName("mlp").learner(settings, seed);
    }

    static void assertSameWeights(UnlearnableModel a, UnlearnableModel b) {
        Map<String, double[]> pa = a.parameters();
        Map<String, double[]> pb = b.parameters();
        assertThat(pa.keySet()).isEqualTo(pb.keySet());
        pa.forEach((k, v) -> assertThat(v).as(k).containsExactly(pb.get(k)));
    }

    @Test
    void theSameSeedGivesBitIdenticalWeightsAndAnotherSeedDoesNot() {
        Dataset data = RandomData.classification(1, 200, 4, 2, 3);
        NeuralModel a = mlp(Map.of("hidden", "16,8", "epochs", "3", "batch", "16"), 7).fit(data);
        NeuralModel b = mlp(Map.of("hidden", "16,8", "epochs", "3", "batch", "16"), 7).fit(data);
        NeuralModel c = mlp(Map.of("hidden", "16,8", "epochs", "3", "batch", "16"), 8).fit(data);
        assertSameWeights(a, b);
        assertThat(a.stateDigest()).isEqualTo(b.stateDigest()).isNotEqualTo(c.stateDigest());
    }

    @Test
    void resumingFromACheckpointEqualsTrainingStraightThrough() {
        Dataset data = RandomData.classification(2, 150, 3, 1, 2);
        NeuralLearner learner = mlp(Map.of("hidden", "8", "epochs", "4", "batch", "8"), 3);
        int[] half = new int[75];
        for (int i = 0; i < half.length; i++) {
            half[i] = i;
        }
        byte[] c0 = learner.trainStep(null, data.select(half), 0, 2);
        byte[] c1 = learner.trainStep(c0, data, 1, 2);
        byte[] again = learner.trainStep(learner.trainStep(null, data.select(half), 0, 2), data, 1, 2);
        assertThat(again).isEqualTo(c1);
        byte[] restored = learner.trainStep(Checkpoint.fromBytes(c0).toBytes(), data, 1, 2);
        assertThat(restored).isEqualTo(c1);
    }

    @Test
    void anMlpLearnsDigits() {
        Dataset digits = mnist(1000);
        int[] train = new int[700];
        int[] test = new int[300];
        for (int i = 0; i < 1000; i++) {
            if (i < 700) {
                train[i] = i;
            } else {
                test[i - 700] = i;
            }
        }
        NeuralModel model = mlp(Map.of("hidden", "64", "epochs", "8", "batch", "32"), 1).fit(digits.select(train));
        Dataset held = digits.select(test);
        int right = 0;
        for (int i = 0; i < held.size(); i++) {
            if (model.predict(held.row(i)) == held.label(i)) {
                right++;
            }
        }
        assertThat(right / (double) held.size()).isGreaterThan(0.8);
    }

    @Test
    void aStandaloneNetworkRefusesToForgetAndPointsToSisa() {
        Dataset data = RandomData.classification(5, 60, 2, 0, 2);
        NeuralModel model = mlp(Map.of("hidden", "4", "epochs", "1"), 1).fit(data);
        String before = model.stateDigest();
        assertThatThrownBy(() -> model.forget(ForgetRequest.Records.of(data.recordId(0))))
                .isInstanceOf(ForgetException.class).hasMessageContaining("use sisa");
        assertThat(model.stateDigest()).isEqualTo(before);
        assertThat(model.history().isEmpty()).isTrue();
    }

    @Test
    void modelFilesRoundTrip() {
        Dataset data = RandomData.classification(6, 80, 2, 1, 3);
        NeuralModel model = mlp(Map.of("hidden", "6", "epochs", "2"), 4).fit(data);
        UnlearnableModel loaded = ModelFile.fromBytes(ModelFile.toBytes(model));
        assertThat(loaded.stateDigest()).isEqualTo(model.stateDigest());
        assertThat(RetrainCheck.compare(model, loaded, data, 0, 0).maxOutputDifference()).isZero();
    }

    @Test
    void badSettingsAreRejected() {
        assertThatThrownBy(() -> mlp(Map.of("hidden", "a,b"), 1)).isInstanceOf(OptionsException.class).hasMessageContaining("hidden");
        assertThatThrownBy(() -> mlp(Map.of("epochs", "0"), 1)).isInstanceOf(OptionsException.class).hasMessageContaining("epochs");
        assertThatThrownBy(() -> mlp(Map.of("layers", "3"), 1)).isInstanceOf(OptionsException.class).hasMessageContaining("layers");
        assertThatThrownBy(() -> ModelFamilies.byName("cnn").learner(Map.of("channels", "4"), 1))
                .isInstanceOf(OptionsException.class).hasMessageContaining("channels");
        NeuralLearner l = mlp(Map.of("hidden", "5,3", "epochs", "2"), 1);
        assertThat(mlp(l.settings(), 1).settings()).isEqualTo(l.settings());
    }

    /** Under SISA an MLP forgets exactly: after each request the model equals sisa retrained from scratch, bit for bit. */
    @Property(tries = 6)
    void underSisaAnMlpForgetsExactly(@ForAll @LongRange(min = 0, max = 100_000) long seed) {
        Random r = new Random(seed);
        Dataset data = RandomData.classification(seed, 60 + r.nextInt(60), 2 + r.nextInt(2), r.nextInt(2), 2 + r.nextInt(2));
        Map<String, String> settings = Map.of("base", "mlp", "shards", Integer.toString(2 + r.nextInt(3)),
                "slices", Integer.toString(1 + r.nextInt(3)), "base.hidden", "8", "base.epochs", "2", "base.batch", "8");
        var learner = ModelFamilies.byName("sisa").learner(settings, seed);
        UnlearnableModel model = learner.fit(data);
        for (int q = 0; q < 3; q++) {
            long[] live = model.history().applyTo(data).recordIds();
            Set<Long> ids = new TreeSet<>();
            int count = 1 + r.nextInt(3);
            while (ids.size() < Math.min(count, live.length)) {
                ids.add(live[r.nextInt(live.length)]);
            }
            ForgetReceipt receipt = model.forget(new ForgetRequest.Records(ids));
            assertThat(receipt.details()).containsKey("shards_retrained");
            UnlearnableModel retrained = learner.fit(model.history().applyTo(data));
            assertSameWeights(model, retrained);
            assertThat(RetrainCheck.compare(model, retrained, data, 0, 0).maxOutputDifference()).isZero();
        }
        assertThat(ModelFamilies.byName("sisa").verify(model, data).passed()).isTrue();
    }

    @Test
    void underSisaACnnOnMnistForgetsExactlyAndRoundTrips() {
        Dataset data = mnist(240);
        Map<String, String> settings = Map.of("base", "cnn", "shards", "3", "slices", "2", "base.channels", "4,8",
                "base.epochs", "2", "base.batch", "32");
        var learner = ModelFamilies.byName("sisa").learner(settings, 11);
        UnlearnableModel model = learner.fit(data);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(data.recordId(i * 37));
        }
        model.forget(new ForgetRequest.Records(Set.copyOf(ids)));
        UnlearnableModel retrained = learner.fit(model.history().applyTo(data));
        assertSameWeights(model, retrained);
        UnlearnableModel loaded = ModelFile.fromBytes(ModelFile.toBytes(model));
        assertThat(loaded.stateDigest()).isEqualTo(model.stateDigest());
        loaded.forget(ForgetRequest.Records.of(data.recordId(1)));
        model.forget(ForgetRequest.Records.of(data.recordId(1)));
        assertSameWeights(loaded, model);
    }

    @Test
    void aCnnRejectsNonSquareInputs() {
        Dataset data = RandomData.classification(5, 30, 5, 0, 2);
        assertThatThrownBy(() -> ModelFamilies.byName("cnn").learner(Map.of(), 1).fit(data))
                .isInstanceOf(dev.lethe.data.DataException.class).hasMessageContaining("square");
    }
}
