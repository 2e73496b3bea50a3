package dev.lethe.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.data.Dataset;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.ModelFamilies;
import dev.lethe.model.ModelFile;
import dev.lethe.model.UnlearnableModel;
import dev.lethe.testing.DataEdits;
import dev.lethe.testing.RandomData;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/**
 * A state digest names a model's whole state, so that a receipt's digests identify what the model
 * was: for every family, models trained alike on data that differ in one value get different
 * digests, models trained alike on equal data get equal ones, and a saved and reloaded model keeps
 * its digest after a forget (the digest covers the data held, not only how much of it).
 */
class StateDigestPropertiesTest {

    /** Every family the product ships (the test-only ones, which delegate forgetting, aside). */
    @Provide
    Arbitrary<String> families() {
        java.util.List<String> names = ModelFamilies.names().stream().filter(n -> !n.startsWith("test-")).toList();
        assertThat(names).contains("nb", "ridge", "logistic", "knn", "forest", "sisa");
        return Arbitraries.of(names);
    }

    @Property(tries = 60)
    void oneChangedValueChangesTheDigestAndEqualDataGiveEqualDigests(@ForAll("families") String family,
                                                                     @ForAll @LongRange(min = 1, max = 1_000_000L) long seed) {
        Dataset data = RandomData.classification(seed, 40, 3, 1, 3);
        Random r = new Random(seed);
        int row = r.nextInt(data.size());
        int column = r.nextInt(data.numFeatures() + 1); // the last one stands for the target
        Dataset changed = DataEdits.withOneValueChanged(data, row, column);
        String digest = fit(family, data).stateDigest();
        assertThat(fit(family, DataEdits.rebuilt(data)).stateDigest()).as("equal data, equal digest").isEqualTo(digest);
        assertThat(fit(family, changed).stateDigest())
                .as("%s: row %d, %s changed", family, row, column == data.numFeatures() ? "target" : "feature " + column)
                .isNotEqualTo(digest);
    }

    @Property(tries = 30)
    void aReloadedModelKeepsItsDigestAfterAForget(@ForAll("families") String family,
                                                  @ForAll @LongRange(min = 1, max = 1_000_000L) long seed) {
        Dataset data = RandomData.classification(seed, 40, 3, 1, 3);
        UnlearnableModel model = fit(family, data);
        model.forget(ForgetRequest.Records.of(data.recordId((int) (seed % data.size()))));
        String digest = model.stateDigest();
        UnlearnableModel reloaded = ModelFile.fromBytes(ModelFile.toBytes(model));
        assertThat(reloaded.stateDigest()).isEqualTo(digest);
    }

    private static UnlearnableModel fit(String family, Dataset data) {
        return ModelFamilies.byName(family).learner(Map.of(), 7).fit(data);
    }
}
