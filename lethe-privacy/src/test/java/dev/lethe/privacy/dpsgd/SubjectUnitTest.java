package dev.lethe.privacy.dpsgd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lethe.data.Attribute;
import dev.lethe.data.DataException;
import dev.lethe.data.Dataset;
import dev.lethe.data.Schema;
import dev.lethe.data.Task;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.ModelFamilies;
import dev.lethe.model.OptionsException;
import dev.lethe.model.UnlearnableModel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** DP-SGD with the data subject as the privacy unit: subjects are sampled, and each subject's summed gradient is clipped. */
class SubjectUnitTest {

    /** n rows, {@code perSubject} consecutive rows per subject; two features, label = sign of their sum. */
    static Dataset withSubjects(int n, int perSubject) {
        java.util.Random r = new java.util.Random(9);
        double[] values = new double[2 * n];
        double[] targets = new double[n];
        long[] ids = new long[n];
        String[] subjects = new String[n];
        for (int i = 0; i < n; i++) {
            values[2 * i] = 2 * r.nextDouble() - 1;
            values[2 * i + 1] = 2 * r.nextDouble() - 1;
            targets[i] = values[2 * i] + values[2 * i + 1] > 0 ? 1 : 0;
            ids[i] = i;
            subjects[i] = "p" + i / perSubject;
        }
        Schema schema = new Schema(List.of(Attribute.numeric("a"), Attribute.numeric("b")),
                Attribute.categorical("y", List.of("no", "yes")), Task.CLASSIFICATION);
        return Dataset.of(schema, values, targets, ids, subjects);
    }

    static double norm(double[][] m) {
        double s = 0;
        for (double[] r : m) {
            for (double v : r) {
                s += v * v;
            }
        }
        return Math.sqrt(s);
    }

    @Test
    void aSubjectsSummedGradientIsClippedAsAWhole() {
        Dataset data = withSubjects(10, 10);
        double[][] w = {{0.3, -0.2, 0.1}, {-0.1, 0.4, 0}};
        double[][] x = new double[10][];
        for (int i = 0; i < 10; i++) {
            x[i] = new double[] {50 * data.value(i, 0), 50 * data.value(i, 1), 1};
        }
        int[] rows = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        double[] p = new double[2];
        double[][] subject = new double[2][3];
        double[][] sum = new double[2][3];
        DpSgd.addSubjectClipped(sum, subject, w, x, data, rows, 0.5, p);
        assertThat(norm(sum)).isCloseTo(0.5, within(1e-9)); // ten records, one subject: at most C in all
        double[][] unclipped = new double[2][3];
        for (int r : rows) {
            DpSgd.addClipped(unclipped, w, x[r], data.label(r), Double.POSITIVE_INFINITY, p);
        }
        for (int c = 0; c < 2; c++) {
            for (int j = 0; j < 3; j++) {
                assertThat(sum[c][j]).isCloseTo(unclipped[c][j] * 0.5 / norm(unclipped), within(1e-12));
            }
        }
        double[][] perRecord = new double[2][3];
        for (int r : rows) {
            DpSgd.addClipped(perRecord, w, x[r], data.label(r), 0.5, p);
        }
        assertThat(norm(perRecord)).isGreaterThan(0.5 + 1e-6); // record-level clipping would let this subject give more
    }

    @Test
    void theGuaranteeIsPerSubjectAndSubjectsAreSampled() {
        Dataset data = withSubjects(600, 3);
        UnlearnableModel m = ModelFamilies.byName("dp-logistic").learner(Map.of("epsilon", "3", "delta", "1e-5", "epochs", "2",
                "batch", "20", "unit", "subject"), 1).fit(data);
        Map<String, String> s = m.provenance().settings();
        assertThat(s).containsEntry("dp.privacyUnit", "subject").containsEntry("unit", "subject");
        assertThat(Double.parseDouble(s.get("dp.samplingRate"))).isCloseTo(20.0 / 200, within(1e-12));
        assertThat(m.forget(new ForgetRequest.Subject("p4")).details()).containsEntry("dp.privacyUnit", "subject");
    }

    @Test
    void subjectUnitNeedsSubjectsAndAKnownUnit() {
        Dataset none = dev.lethe.testing.RandomData.withoutSubjects(withSubjects(50, 1));
        assertThatThrownBy(() -> ModelFamilies.byName("dp-logistic").learner(Map.of("unit", "subject"), 1).fit(none))
                .isInstanceOf(DataException.class).hasMessageContaining("subject column");
        assertThatThrownBy(() -> ModelFamilies.byName("dp-logistic").learner(Map.of("unit", "person"), 1))
                .isInstanceOf(OptionsException.class).hasMessageContaining("'unit'");
    }
}
