package dev.lethe.tribuo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.data.Dataset;
import dev.lethe.data.ReadOptions;
import dev.lethe.model.Evaluation;
import dev.lethe.model.ForgetException;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.Learner;
import dev.lethe.model.ModelFamilies;
import dev.lethe.model.ModelFile;
import dev.lethe.model.OptionsException;
import dev.lethe.model.RetrainCheck;
import dev.lethe.model.UnlearnableModel;
import dev.lethe.testing.RandomData;
import dev.lethe.testing.RepositoryData;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;

class TribuoModelTest {

    static Dataset pima() {
        return RepositoryData.read("mlbench_PimaIndiansDiabetes.csv.gz", ReadOptions.label("diabetes"));
    }

    static Learner<?> tribuo(Map<String, String> settings, long seed) {
        return ModelFamilies.byName("tribuo").learner(settings, seed);
    }

    @Test
    void datasetsConvertBothWays() {
        Dataset data = RandomData.classification(3, 50, 3, 2, 3);
        MutableDataset<Label> t = TribuoData.toTribuo(data);
        assertThat(t.size()).isEqualTo(50);
        Dataset back = TribuoData.fromTribuo(t, "y");
        assertThat(back.size()).isEqualTo(50);
        for (int i = 0; i < data.size(); i++) {
            assertThat(back.schema().classes().get(back.label(i))).isEqualTo(data.schema().classes().get(data.label(i)));
            for (int j = 0; j < 3; j++) {
                String name = data.schema().feature(j).name();
                assertThat(back.value(i, back.schema().indexOf(name))).isCloseTo(data.value(i, j), org.assertj.core.api.Assertions.offset(1e-4 * Math.max(1, Math.abs(data.value(i, j)))));
            }
            String cat = data.schema().feature(3).name() + "=" + data.schema().feature(3).levels().get((int) data.value(i, 3));
            assertThat(back.value(i, back.schema().indexOf(cat))).isEqualTo(1.0);
        }
    }

    @Test
    void logisticRegressionAndCartLearnPima() {
        Dataset.Split split = pima().split(0.7, 1);
        for (String trainer : new String[] {"logistic", "cart"}) {
            UnlearnableModel model = tribuo(Map.of("trainer", trainer, "maxDepth", "4"), 1).fit(split.first());
            assertThat(Evaluation.of(model, split.second()).accuracy()).as(trainer).isGreaterThan(0.68);
        }
    }

    @Test
    void anyTrainerByClassNameAndBadNamesFail() {
        Dataset data = RandomData.classification(1, 60, 2, 0, 2);
        UnlearnableModel m = tribuo(Map.of("trainer", "org.tribuo.classification.dtree.CARTClassificationTrainer"), 1).fit(data);
        assertThat(m.probabilities(data.row(0))).hasSize(2);
        assertThatThrownBy(() -> tribuo(Map.of("trainer", "svm"), 1)).isInstanceOf(OptionsException.class)
                .hasMessageContaining("logistic");
        assertThatThrownBy(() -> tribuo(Map.of("trainer", "java.lang.String"), 1)).isInstanceOf(OptionsException.class)
                .hasMessageContaining("not an org.tribuo.Trainer");
        assertThatThrownBy(() -> tribuo(Map.of("depth", "3"), 1)).isInstanceOf(OptionsException.class);
    }

    @Test
    void aStandaloneTribuoModelRefusesToForgetAndRoundTrips() {
        Dataset data = RandomData.classification(2, 80, 3, 1, 3);
        UnlearnableModel model = tribuo(Map.of(), 5).fit(data);
        String before = model.stateDigest();
        assertThatThrownBy(() -> model.forget(ForgetRequest.Records.of(data.recordId(0))))
                .isInstanceOf(ForgetException.class).hasMessageContaining("use sisa");
        assertThat(model.stateDigest()).isEqualTo(before);
        UnlearnableModel loaded = ModelFile.fromBytes(ModelFile.toBytes(model));
        assertThat(loaded.stateDigest()).isEqualTo(before);
        assertThat(RetrainCheck.compare(model, loaded, data, 0, 0).maxOutputDifference()).isZero();
    }

    @Test
    void theSameSeedGivesTheSameModel() {
        Dataset data = RandomData.classification(4, 120, 3, 0, 2);
        UnlearnableModel a = tribuo(Map.of(), 9).fit(data);
        UnlearnableModel b = tribuo(Map.of(), 9).fit(data);
        assertThat(RetrainCheck.compare(a, b, data, 0, 0).maxOutputDifference()).isZero();
    }

    /** Under SISA a Tribuo learner forgets exactly: the model equals sisa retrained from scratch, output for output. */
    @Property(tries = 12)
    void underSisaTribuoForgetsExactly(@ForAll @LongRange(min = 0, max = 100_000) long seed) {
        Random r = new Random(seed);
        Dataset data = RandomData.classification(seed, 80 + r.nextInt(80), 2 + r.nextInt(2), r.nextInt(2), 2 + r.nextInt(2));
        Map<String, String> settings = Map.of("base", "tribuo", "base.trainer", r.nextBoolean() ? "logistic" : "cart",
                "shards", Integer.toString(1 + r.nextInt(4)), "slices", Integer.toString(1 + r.nextInt(3)),
                "placement", r.nextBoolean() ? "uniform" : "subject");
        Learner<?> learner = ModelFamilies.byName("sisa").learner(settings, seed);
        UnlearnableModel model = learner.fit(data);
        for (int q = 0; q < 3; q++) {
            long[] live = model.history().applyTo(data).recordIds();
            Set<Long> ids = new TreeSet<>();
            int count = 1 + r.nextInt(4);
            while (ids.size() < Math.min(count, live.length - 10)) {
                ids.add(live[r.nextInt(live.length)]);
            }
            ForgetReceipt receipt = model.forget(new ForgetRequest.Records(ids));
            assertThat(receipt.details()).containsKeys("shards_retrained", "work_avoided");
            UnlearnableModel retrained = learner.fit(model.history().applyTo(data));
            var report = RetrainCheck.compare(model, retrained, data, 0, 0);
            assertThat(report.maxOutputDifference()).isZero();
            assertThat(report.disagreements()).isZero();
        }
        UnlearnableModel loaded = ModelFile.fromBytes(ModelFile.toBytes(model));
        assertThat(loaded.stateDigest()).isEqualTo(model.stateDigest());
        assertThat(ModelFamilies.byName("sisa").verify(loaded, data).passed()).isTrue();
    }
}
