package dev.lethe.models.neighbours;

import static dev.lethe.models.ForgottenFeatureValuesTest.AGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.data.Dataset;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.ModelFamilies;
import dev.lethe.models.ForgottenFeatureValuesTest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The k-d tree's own copy of the points lets go of a forgotten record's values at commit, not at the next rebuild. */
class KnnScrubTest {

    @TempDir
    Path dir;

    @Test
    void aForgottenRecordLeavesTheTreesPointsBoxesAndTargets() throws IOException {
        Dataset data = ForgottenFeatureValuesTest.data(dir);
        KnnModel model = (KnnModel) ModelFamilies.byName("knn").learner(Map.of("k", "3"), 3).fit(data);
        int row = 4; // record 4: its age is AGE, the largest value of that column, so an edge of its boxes
        assertThat(data.value(row, 1)).isEqualTo(AGE);
        assertThat(model.index().boxesHold(AGE)).isTrue();
        double[] query = data.row(row);
        double[] before = model.probabilities(query);

        model.forget(new ForgetRequest.Records(Set.of(data.recordId(row))));

        assertThat(model.index().coordinatesOf(row)).containsOnly(0.0);
        assertThat(model.storedTarget(row)).isZero();
        assertThat(model.index().isLive(row)).isFalse();
        // other live rows still carry AGE, so the boxes keep it; forget them all and no box edge holds it
        Set<Long> others = new java.util.TreeSet<>();
        for (int i = 0; i < data.size(); i++) {
            if (i != row && data.value(i, 1) == AGE) {
                others.add(data.recordId(i));
            }
        }
        model.forget(new ForgetRequest.Records(others));
        assertThat(model.index().size()).as("no rebuild happened: the scrub is at commit").isEqualTo(data.size());
        assertThat(model.index().boxesHold(AGE)).isFalse();
        for (int i = 0; i < data.size(); i++) {
            double[] point = model.index().coordinatesOf(i);
            assertThat(point).doesNotContain(AGE);
        }
        // the neighbours are those of a model trained without the forgotten records
        KnnModel retrained = (KnnModel) ModelFamilies.byName("knn").learner(Map.of("k", "3"), 3)
                .fit(model.history().applyTo(data));
        for (int i = 0; i < data.size(); i++) {
            assertThat(model.neighbourIds(data.row(i))).containsExactly(retrained.neighbourIds(data.row(i)));
        }
        assertThat(before).hasSize(2);
    }
}
