package dev.lethe.privacy.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lethe.data.Dataset;
import dev.lethe.model.InvalidInputException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PrivacyComparisonTest {

    private static final Dataset DATA = ComparisonFixture.randomLabels(200, 11);
    private static ComparisonResult result;
    private static String html;
    private static final List<String> PROGRESS = new java.util.ArrayList<>();

    @BeforeAll
    static void compare() {
        result = PrivacyComparison.run(DATA, "random labels", ComparisonFixture.options(), PROGRESS::add);
        html = ComparisonReport.html(result);
    }

    @Test
    void eachPhaseOfEachConfigurationAndSeedIsReportedAsItStarts() {
        assertThat(PROGRESS.get(0)).isEqualTo("configuration 1 of 6, seed 1 of 3 (7): raw forest: training the model");
        assertThat(PROGRESS).contains("configuration 1 of 6, seed 1 of 3 (7): raw forest: training 4 shadow models",
                "configuration 4 of 6, seed 2 of 3 (8): dp-logistic, ε = 1: attacking with LiRA",
                "configuration 6 of 6, seed 3 of 3 (9): exact unlearning of the audited records: forgetting 30 audited records");
        assertThat(PROGRESS).filteredOn(l -> l.endsWith(": attacking with LiRA")).hasSize(6 * 3);
        // the exact-unlearning row reuses the raw row's shadows: no second shadow phase for it
        assertThat(PROGRESS).filteredOn(l -> l.contains("exact unlearning") && l.endsWith("shadow models")).isEmpty();
        assertThat(PROGRESS.get(PROGRESS.size() - 1)).startsWith("configuration 6 of 6, seed 3 of 3 (9)");
    }

    @Test
    void everyConfigurationHasARowInTheReport() {
        assertThat(result.results()).extracting(r -> r.configuration().name()).containsExactly("raw forest", "k-anonymous, k = 2",
                "k-anonymous, k = 5", "dp-logistic, ε = 1", "dp-logistic, ε = 8", "exact unlearning of the audited records");
        for (ConfigurationResult r : result.results()) {
            assertThat(r.trials()).hasSize(3);
            assertThat(html).contains("<td class=\"l\">" + r.configuration().name() + "</td>");
        }
        assertThat(html).contains("data-kind=\"EXACT_UNLEARNING\"").contains("render-check").contains("data:image/svg+xml;base64,");
    }

    @Test
    void dpRowsStateTheTargetAndTheAccountantsEpsilon() {
        for (ConfigurationResult r : result.results()) {
            if (r.configuration().kind() != Configuration.Kind.DP_SGD) {
                continue;
            }
            double target = r.configuration().parameter();
            for (Trial t : r.trials()) {
                assertThat(Double.parseDouble(t.guarantee().get("dp.epsilon"))).isCloseTo(target, within(target * 0.05));
                assertThat(t.guarantee().get("dp.accountant")).contains("RDP");
            }
            String row = ComparisonReport.guarantee(r, result.options());
            assertThat(row).contains("target ε = " + Configuration.format(target)).contains("δ = 1.0E-5")
                    .contains("accountant's ε = ").contains("RDP");
        }
    }

    @Test
    void exactUnlearningLooksNeverTrainedWhereTheRawModelLeaks() {
        double raw = result.result(Configuration.Kind.RAW).auc().median();
        double forgotten = result.result(Configuration.Kind.EXACT_UNLEARNING).auc().median();
        assertThat(raw).as("the forest memorises random labels").isGreaterThan(0.75);
        assertThat(forgotten).as("forgotten records look held out").isCloseTo(0.5, within(0.12));
        assertThat(result.result(Configuration.Kind.EXACT_UNLEARNING).guaranteeText("forget.guarantee")).isEqualTo("EXACT");
    }

    @Test
    void figuresAreMediansOverSeeds() {
        for (ConfigurationResult r : result.results()) {
            double[] acc = r.trials().stream().mapToDouble(Trial::accuracy).sorted().toArray();
            assertThat(r.accuracy().median()).isEqualTo(acc[1]);
            assertThat(r.accuracy().min()).isEqualTo(acc[0]);
            assertThat(r.accuracy().max()).isEqualTo(acc[2]);
            assertThat(r.trials()).extracting(Trial::seed).containsExactly(7L, 8L, 9L);
        }
        assertThat(Spread.of(new double[] {4, 1, 3, 2}).median()).isEqualTo(2.5);
        assertThat(Spread.of(new double[] {5, Double.NaN, 1, 9}).median()).isEqualTo(5);
        assertThat(Spread.of(new double[] {}).count()).isZero();
    }

    @Test
    void kAnonymityMarkedNotApplicableWithItsReason() {
        CompareOptions o = new CompareOptions("nb", java.util.Map.of(), "dp-logistic", java.util.Map.of(), List.of(),
                "pixels are not quasi-identifiers", null, 1, List.of(5), List.of(), 1e-5, 1, 2, 10, 0, 1, 1);
        ComparisonResult r = PrivacyComparison.run(DATA, "images", o, line -> { });
        ConfigurationResult k = r.results().get(1);
        assertThat(k.configuration().applies()).isFalse();
        assertThat(k.trials()).isEmpty();
        assertThat(ComparisonReport.html(r)).contains("not applicable: pixels are not quasi-identifiers");
        assertThat(ComparisonJson.of(r)).contains("\"notApplicable\" : \"pixels are not quasi-identifiers\"");
    }

    @Test
    void badInputIsOneClearLine() {
        assertRefused(() -> PrivacyComparison.run(DATA, "d", ComparisonFixture.options(List.of("age"), List.of(60), List.of()), l -> { }),
                "--k 60 is larger than the data allows");
        assertRefused(() -> PrivacyComparison.run(DATA, "d", ComparisonFixture.options(List.of("age", "postcode"), List.of(5), List.of()),
                l -> { }), "no column 'postcode'");
        assertRefused(() -> ComparisonFixture.options(List.of("age"), List.of(5), List.of(3.0, 0.0)), "--epsilon must be positive");
        assertRefused(() -> ComparisonFixture.options(List.of("age"), List.of(5), List.of(-1.0)), "--epsilon must be positive");
        assertRefused(() -> ComparisonFixture.options(List.of(), List.of(5), List.of()), "--quasi COL,… is required");
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOf(InvalidInputException.class).hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aTrainingRecordIsGeneralisedToItsOwnClass() {
        Pipelines p = new Pipelines(ComparisonFixture.options());
        int[] qi = p.quasiIndexes(DATA);
        var a = dev.lethe.privacy.anonymise.Mondrian.anonymise(p.quasiTable(DATA), new dev.lethe.privacy.anonymise.AnonymisationOptions(
                List.of("age", "sex"), null, 5, 1, dev.lethe.privacy.anonymise.Diversity.DISTINCT, java.util.Map.of(), 0));
        Generalisation g = Generalisation.of(DATA, qi, a);
        Dataset release = g.training(DATA);
        assertThat(release.size()).isEqualTo(DATA.size());
        for (int i = 0; i < DATA.size(); i++) {
            assertThat(g.recode(DATA.row(i))).as("row %d", i).isEqualTo(release.row(i));
        }
        assertThat(Arrays.stream(a.classes().toArray(new dev.lethe.privacy.anonymise.EquivalenceClass[0])).mapToInt(c -> c.size()).min()
                .orElseThrow()).isGreaterThanOrEqualTo(5);
    }
}
