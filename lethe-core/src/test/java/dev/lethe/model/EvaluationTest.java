package dev.lethe.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.data.Dataset;
import dev.lethe.data.Schema;
import dev.lethe.testing.RandomData;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class EvaluationTest {

    private static final Dataset DATA = RandomData.classification(3, 200, 2, 0, 2);

    /** A classifier that predicts by a rule on the row. */
    private static Model rule(ToDoubleFunction<double[]> predict) {
        return new Model() {
            @Override
            public String family() {
                return "rule";
            }

            @Override
            public Schema schema() {
                return DATA.schema();
            }

            @Override
            public Provenance provenance() {
                return Provenance.of("rule", java.util.Map.of(), 0, DATA.fingerprint(), DATA.size());
            }

            @Override
            public double predict(double[] row) {
                return predict.applyAsDouble(row);
            }
        };
    }

    @Test
    void accuracyCountsTheRowsPredictedRight() {
        Model first = rule(row -> 0);
        long zeros = java.util.stream.IntStream.range(0, DATA.size()).filter(i -> DATA.label(i) == 0).count();
        assertThat(Evaluation.of(first, DATA).accuracy()).isEqualTo((double) zeros / DATA.size());
        assertThat(Evaluation.of(first, DATA).headline()).isEqualTo(Evaluation.of(first, DATA).accuracy());
    }

    @Test
    void agreementCountsTheRowsTwoModelsPredictAlike() {
        Model byFirst = rule(row -> row[0] > 0 ? 1 : 0);
        Model bySecond = rule(row -> row[1] > 0 ? 1 : 0);
        long same = java.util.stream.IntStream.range(0, DATA.size())
                .filter(i -> (DATA.value(i, 0) > 0) == (DATA.value(i, 1) > 0)).count();
        assertThat(Evaluation.agreement(byFirst, byFirst, DATA)).isEqualTo(1.0);
        assertThat(Evaluation.agreement(byFirst, bySecond, DATA)).isEqualTo((double) same / DATA.size()).isLessThan(1.0);
        assertThat(Evaluation.agreement(rule(row -> 0), rule(row -> 1), DATA)).isZero();
        assertThatThrownBy(() -> Evaluation.agreement(byFirst, bySecond, DATA.select(new int[0])))
                .isInstanceOf(dev.lethe.data.DataException.class).hasMessageContaining("empty");
    }
}
