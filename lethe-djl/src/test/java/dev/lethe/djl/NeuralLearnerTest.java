package dev.lethe.djl;

import static dev.lethe.djl.NeuralModelTest.assertSameWeights;
import static dev.lethe.djl.NeuralModelTest.mlp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.data.DataException;
import dev.lethe.data.Dataset;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.ModelFamilies;
import dev.lethe.model.ModelFile;
import dev.lethe.model.OptionsException;
import dev.lethe.model.UnlearnableModel;
import dev.lethe.testing.RandomData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

/** The regularisers of {@link NeuralLearner}: decoupled weight decay and dropout. */
class NeuralLearnerTest {

    static Map<String, String> small(String... more) {
        Map<String, String> m = new HashMap<>(Map.of("hidden", "16,8", "epochs", "3", "batch", "16"));
        for (int i = 0; i < more.length; i += 2) {
            m.put(more[i], more[i + 1]);
        }
        return m;
    }

    static double weightNorm(UnlearnableModel model) {
        double sum = 0;
        for (var e : model.parameters().entrySet()) {
            if (e.getKey().startsWith("weight")) {
                for (double w : e.getValue()) {
                    sum += w * w;
                }
            }
        }
        return Math.sqrt(sum);
    }

    @Test
    void badDecayAndDropoutAreRejectedNamingTheValue() {
        assertThatThrownBy(() -> mlp(small("decay", "-0.1"), 1)).isInstanceOf(OptionsException.class)
                .hasMessageContaining("decay").hasMessageContaining("-0.1");
        assertThatThrownBy(() -> mlp(small("decay", "101"), 1)).isInstanceOf(OptionsException.class)
                .hasMessageContaining("decay").hasMessageContaining("101");
        assertThatThrownBy(() -> mlp(small("decay", "x"), 1)).isInstanceOf(OptionsException.class)
                .hasMessageContaining("decay").hasMessageContaining("'x'");
        assertThatThrownBy(() -> mlp(small("rate", "0.5", "decay", "2"), 1)).isInstanceOf(OptionsException.class)
                .hasMessageContaining("rate·decay").hasMessageContaining("= 1.0");
        assertThatThrownBy(() -> mlp(small("dropout", "1"), 1)).isInstanceOf(OptionsException.class)
                .hasMessageContaining("dropout").hasMessageContaining("got 1");
        assertThatThrownBy(() -> mlp(small("dropout", "-0.5"), 1)).isInstanceOf(OptionsException.class)
                .hasMessageContaining("dropout").hasMessageContaining("-0.5");
        assertThatThrownBy(() -> new NeuralLearner.Options(new int[] {4}, 1, 8, 1e-3, false, 0, 1.0, false, 0))
                .isInstanceOf(OptionsException.class).hasMessageContaining("'dropout': expected a value in [0, 1), got 1.0");
        assertThatThrownBy(() -> new NeuralLearner.Options(new int[] {4}, 1, 8, 1e-3, false, Double.NaN, 0, false, 0))
                .isInstanceOf(OptionsException.class).hasMessageContaining("'decay'").hasMessageContaining("NaN");
        assertThatThrownBy(() -> mlp(small("anneal", "linear"), 1)).isInstanceOf(OptionsException.class)
                .hasMessageContaining("anneal").hasMessageContaining("linear");
        assertThatThrownBy(() -> mlp(small("shift", "9"), 1)).isInstanceOf(OptionsException.class)
                .hasMessageContaining("shift").hasMessageContaining("9");
        assertThatThrownBy(() -> new NeuralLearner.Options(new int[] {4}, 1, 8, 1e-3, false, 0, 0, false, -1))
                .isInstanceOf(OptionsException.class).hasMessageContaining("'shift': expected a value in [0, 8], got -1");
        assertThatThrownBy(() -> ModelFamilies.byName("sisa").learner(Map.of("base", "mlp", "base.dropout", "2"), 1))
                .isInstanceOf(OptionsException.class).hasMessageContaining("dropout");
    }

    @Test
    void settingsNameTheRegularisersOnlyWhenSetAndRoundTrip() {
        assertThat(mlp(small(), 1).settings()).doesNotContainKeys("decay", "dropout");
        assertThat(mlp(small("decay", "0", "dropout", "0"), 1).settings()).isEqualTo(mlp(small(), 1).settings());
        assertThat(mlp(small("anneal", "none", "shift", "auto", "scaling", "auto"), 1).settings())
                .isEqualTo(mlp(small(), 1).settings());
        assertThat(mlp(small(), 1).settings()).containsEntry("shift", "auto").containsEntry("scaling", "auto");
        NeuralLearner l = mlp(small("decay", "0.5", "dropout", "0.25", "anneal", "cosine", "shift", "2"), 1);
        assertThat(l.settings()).containsEntry("decay", "0.5").containsEntry("dropout", "0.25")
                .containsEntry("anneal", "cosine").containsEntry("shift", "2");
        assertThat(l.options().decay()).isEqualTo(0.5);
        assertThat(l.options().dropout()).isEqualTo(0.25);
        assertThat(l.options().cosine()).isTrue();
        assertThat(l.options().shift()).isEqualTo(2);
        assertThat(mlp(l.settings(), 1).settings()).isEqualTo(l.settings());
    }

    @Test
    void zeroDecayAndDropoutTrainExactlyAsWithoutThem() {
        Dataset data = RandomData.classification(3, 120, 4, 1, 3);
        assertSameWeights(mlp(small("decay", "0", "dropout", "0", "anneal", "none", "shift", "0"), 5).fit(data),
                mlp(small(), 5).fit(data));
    }

    @Test
    void weightDecayShrinksTheWeights() {
        Dataset data = RandomData.classification(4, 200, 4, 0, 2);
        double plain = weightNorm(mlp(small("epochs", "6"), 2).fit(data));
        double light = weightNorm(mlp(small("epochs", "6", "decay", "5"), 2).fit(data));
        double heavy = weightNorm(mlp(small("epochs", "6", "decay", "50"), 2).fit(data));
        assertThat(light).isLessThan(plain);
        assertThat(heavy).isLessThan(light);
    }

    @Test
    void cosineAnnealingChangesTrainingDeterministically() {
        Dataset data = RandomData.classification(8, 150, 4, 1, 3);
        NeuralModel a = mlp(small("anneal", "cosine"), 2).fit(data);
        NeuralModel b = mlp(small("anneal", "cosine"), 2).fit(data);
        NeuralModel plain = mlp(small(), 2).fit(data);
        assertSameWeights(a, b);
        assertThat(a.stateDigest()).isNotEqualTo(plain.stateDigest());
    }

    @Test
    void theDefaultsFitTheInputTheySee() {
        // square greyscale images: one global pixel scaling and 1-pixel shifts, exactly as if set
        Dataset digits = NeuralModelTest.mnist(64);
        assertThat(mlp(small(), 1).options(digits.schema()).shift()).isEqualTo(1);
        assertThat(mlp(small(), 1).options(digits.schema()).globalScaling()).isTrue();
        assertSameWeights(mlp(small(), 4).fit(digits), mlp(small("shift", "1", "scaling", "global"), 4).fit(digits));
        assertThat(mlp(small(), 4).fit(digits).stateDigest())
                .isNotEqualTo(mlp(small("shift", "0", "scaling", "feature"), 4).fit(digits).stateDigest());
        // tables (even with a square number of numeric columns below 8 × 8): per-feature scaling, no shifts
        Dataset tabular = RandomData.classification(9, 60, 4, 1, 2);
        assertThat(mlp(small(), 1).options(tabular.schema()).shift()).isZero();
        assertThat(mlp(small(), 1).options(RandomData.classification(9, 20, 16, 0, 2).schema()).shift()).isZero();
        assertSameWeights(mlp(small(), 4).fit(tabular), mlp(small("shift", "0", "scaling", "feature"), 4).fit(tabular));
    }

    @Test
    void shiftsNeedSquareImagesAndChangeTrainingDeterministically() {
        Dataset tabular = RandomData.classification(9, 40, 5, 0, 2);
        assertThatThrownBy(() -> mlp(small("shift", "1"), 1).fit(tabular)).isInstanceOf(DataException.class)
                .hasMessageContaining("square").hasMessageContaining("5 features");
        Dataset digits = NeuralModelTest.mnist(96);
        NeuralModel a = mlp(small("shift", "2"), 3).fit(digits);
        NeuralModel b = mlp(small("shift", "2"), 3).fit(digits);
        NeuralModel plain = mlp(small(), 3).fit(digits);
        assertSameWeights(a, b);
        assertThat(a.stateDigest()).isNotEqualTo(plain.stateDigest());
    }

    /**
     * A shifted copy is the image translated by exactly one (dx, dy) within the bound, blank where it
     * moved in from outside; and the copies do move, along both axes: with dx, dy uniform in
     * [−shift, shift], about 94% of copies move and about 77% move along each axis, so a shifter that
     * never (or only horizontally) shifts fails the coverage checks.
     */
    @Property(tries = 30)
    void aShiftedImageIsATranslationOfTheOriginal(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        Dataset digits = NeuralModelTest.mnist(8);
        InputEncoder encoder = InputEncoder.fit(digits, true);
        int w = encoder.width();
        int side = 28;
        Random r = new Random(seed);
        int shift = 1 + r.nextInt(3);
        float[] x = new float[w];
        encoder.encode(digits.row(r.nextInt(digits.size())), x, 0);
        float[] blank = new float[w];
        encoder.encode(new double[w], blank, 0);
        float[] out = new float[w + 3];
        ImageShifts.of(encoder, shift).copyShifted(x, 0, out, 3, new Random(seed));
        List<int[]> offsets = new ArrayList<>();
        for (int dy = -shift; dy <= shift; dy++) {
            for (int dx = -shift; dx <= shift; dx++) {
                boolean all = true;
                for (int p = 0; p < w && all; p++) {
                    int sr = p / side - dy;
                    int sc = p % side - dx;
                    float expected = sr >= 0 && sr < side && sc >= 0 && sc < side ? x[sr * side + sc] : blank[p];
                    all = out[3 + p] == expected;
                }
                if (all) {
                    offsets.add(new int[] {dx, dy});
                }
            }
        }
        // a digit with blank margins differs from each of its translations, so exactly one offset fits
        assertThat(offsets).as("offsets whose translation equals the copy").hasSize(1);
        int dx = offsets.get(0)[0];
        int dy = offsets.get(0)[1];
        Statistics.label("moved").collect(dx != 0 || dy != 0);
        Statistics.label("moved horizontally").collect(dx != 0);
        Statistics.label("moved vertically").collect(dy != 0);
        Statistics.label("moved").coverage(c -> c.check(true).percentage(p -> p >= 60));
        Statistics.label("moved horizontally").coverage(c -> c.check(true).percentage(p -> p >= 40));
        Statistics.label("moved vertically").coverage(c -> c.check(true).percentage(p -> p >= 40));
    }

    @Test
    void dropoutChangesTrainingButNotTheSeedsDeterminism() {
        Dataset data = RandomData.classification(5, 150, 4, 1, 3);
        NeuralModel a = mlp(small("dropout", "0.3", "decay", "1"), 9).fit(data);
        NeuralModel b = mlp(small("dropout", "0.3", "decay", "1"), 9).fit(data);
        NeuralModel other = mlp(small("dropout", "0.3", "decay", "1"), 10).fit(data);
        NeuralModel none = mlp(small("decay", "1"), 9).fit(data);
        assertSameWeights(a, b);
        assertThat(a.stateDigest()).isEqualTo(b.stateDigest()).isNotEqualTo(other.stateDigest()).isNotEqualTo(none.stateDigest());
        UnlearnableModel loaded = ModelFile.fromBytes(ModelFile.toBytes(a));
        assertThat(loaded.stateDigest()).isEqualTo(a.stateDigest());
    }

    @Test
    void withRegularisersResumingFromACheckpointEqualsTrainingStraightThrough() {
        Dataset data = RandomData.classification(6, 120, 3, 1, 2);
        NeuralLearner learner = mlp(small("dropout", "0.5", "decay", "2"), 3);
        int[] half = new int[60];
        for (int i = 0; i < half.length; i++) {
            half[i] = i;
        }
        byte[] c0 = learner.trainStep(null, data.select(half), 0, 2);
        byte[] c1 = learner.trainStep(c0, data, 1, 2);
        byte[] again = learner.trainStep(Checkpoint.fromBytes(learner.trainStep(null, data.select(half), 0, 2)).toBytes(), data, 1, 2);
        assertThat(again).isEqualTo(c1);
    }

    @Test
    void aCnnTrainsDeterministicallyWithDropout() {
        Dataset digits = NeuralModelTest.mnist(64);
        Map<String, String> settings = Map.of("channels", "2,4", "epochs", "1", "batch", "16", "dropout", "0.4", "decay", "1");
        var a = ModelFamilies.byName("cnn").learner(settings, 4).fit(digits);
        var b = ModelFamilies.byName("cnn").learner(settings, 4).fit(digits);
        var none = ModelFamilies.byName("cnn").learner(Map.of("channels", "2,4", "epochs", "1", "batch", "16"), 4).fit(digits);
        assertSameWeights(a, b);
        assertThat(a.stateDigest()).isNotEqualTo(none.stateDigest());
    }

    /** SISA over a regularised MLP still forgets exactly: bit-identical to retraining from scratch. */
    @Property(tries = 4)
    void underSisaARegularisedMlpForgetsExactly(@ForAll @LongRange(min = 0, max = 100_000) long seed) {
        Random r = new Random(seed);
        Dataset data = RandomData.classification(seed, 60 + r.nextInt(60), 2 + r.nextInt(2), r.nextInt(2), 2 + r.nextInt(2));
        Map<String, String> settings = Map.of("base", "mlp", "shards", Integer.toString(2 + r.nextInt(3)),
                "slices", Integer.toString(1 + r.nextInt(3)), "base.hidden", "8", "base.epochs", "2", "base.batch", "8",
                "base.decay", Double.toString(r.nextInt(20) / 2.0), "base.dropout", Double.toString(r.nextInt(6) / 10.0),
                "base.anneal", r.nextBoolean() ? "cosine" : "none");
        var learner = ModelFamilies.byName("sisa").learner(settings, seed);
        UnlearnableModel model = learner.fit(data);
        for (int q = 0; q < 2; q++) {
            long[] live = model.history().applyTo(data).recordIds();
            Set<Long> ids = new TreeSet<>();
            while (ids.size() < Math.min(1 + r.nextInt(3), live.length)) {
                ids.add(live[r.nextInt(live.length)]);
            }
            model.forget(new ForgetRequest.Records(ids));
            assertSameWeights(model, learner.fit(model.history().applyTo(data)));
        }
        assertThat(ModelFamilies.byName("sisa").verify(model, data).passed()).isTrue();
    }

    @Test
    void underSisaAnMlpWithShiftsForgetsExactly() {
        Dataset digits = NeuralModelTest.mnist(120);
        Map<String, String> settings = Map.of("base", "mlp", "shards", "3", "slices", "3", "base.hidden", "8",
                "base.epochs", "2", "base.batch", "16", "base.scaling", "global", "base.shift", "2", "base.dropout", "0.2");
        var learner = ModelFamilies.byName("sisa").learner(settings, 21);
        UnlearnableModel model = learner.fit(digits);
        model.forget(new ForgetRequest.Records(Set.of(digits.recordId(5), digits.recordId(77))));
        assertSameWeights(model, learner.fit(model.history().applyTo(digits)));
    }
}
