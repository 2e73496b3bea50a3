package dev.lethe.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.audit.testing.AuditData;
import dev.lethe.audit.testing.Audits;
import dev.lethe.audit.testing.KernelFamily;
import dev.lethe.data.DataException;
import dev.lethe.data.Dataset;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.Guarantee;
import dev.lethe.model.ModelFamilies;
import dev.lethe.model.UnlearnableModel;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuditRunnerTest {

    @Test
    void anExactForgetIsIndistinguishableFromRetraining() {
        AuditResult r = Audits.run(false, 25, Audits.fast());
        assertThat(r.forgottenCount()).isEqualTo(25);
        assertThat(r.oracle().exactness().passed()).isTrue();
        assertThat(r.oracle().heldOutAgreement()).isEqualTo(1.0);
        assertThat(r.oracle().parameterDistance()).isEqualTo(0.0);
        AttackOutcome lira = r.attack("LiRA (online)");
        // the attack has power on this memorising model ...
        assertThat(lira.membersVsHeldOut().auc()).isGreaterThan(0.65);
        // ... and sees the forgotten records exactly as on the retrained model
        assertThat(lira.forgottenUnlearned().auc()).isEqualTo(lira.forgottenRetrained().auc());
        assertThat(r.verdicts()).hasSize(3);
        assertThat(r.verdicts()).allSatisfy(v -> {
            assertThat(v.guarantee()).isEqualTo(Guarantee.EXACT);
            assertThat(v.outcome()).isEqualTo(ForgettingVerdict.Outcome.CONSISTENT);
            assertThat(v.aucDifference().contains(0)).isTrue();
        });
        assertThat(r.quality().quality()).isEqualTo(1.0);
        assertThat(r.quality().epsilons()).hasSize(25).containsOnly(0.0);
        assertThat(r.exposed()).hasSize(20);
        for (int i = 1; i < r.exposed().size(); i++) {
            assertThat(r.exposed().get(i).score()).isLessThanOrEqualTo(r.exposed().get(i - 1).score());
        }
        DeletionCurve curve = r.curves().get(0);
        assertThat(curve.deletions()).containsExactly(0, 5, 10, 15);
        assertThat(curve.latencyNanos()).hasSize(15);
        assertThat(java.util.Arrays.stream(curve.latencyNanos()).min().getAsLong()).isPositive();
        assertThat(curve.guarantees()).containsExactly("EXACT");
    }

    @Test
    void aMethodThatIgnoresForgetsIsCaught() {
        AuditResult r = Audits.run(true, 30, Audits.fast());
        assertThat(r.oracle().exactness().passed()).isFalse();
        AttackOutcome lira = r.attack("LiRA (online)");
        assertThat(lira.forgottenUnlearned().auc()).isGreaterThan(lira.forgottenRetrained().auc() + 0.1);
        ForgettingVerdict all = r.verdicts().get(0);
        assertThat(all.outcome()).isEqualTo(ForgettingVerdict.Outcome.INCONSISTENT);
        assertThat(all.aucDifference().lower()).isGreaterThan(0);
        assertThat(r.quality().quality()).isLessThan(0.9);
    }

    @Test
    void aNonExactClaimIsMeasuredNotJudged() {
        Dataset train = AuditData.noisy(11, 100, 0);
        Dataset test = AuditData.noisy(12, 100, 5000);
        UnlearnableModel model = ModelFamilies.byName(KernelFamily.NAME).learner(Map.of("ignore-forgets", "true"), 1).fit(train);
        ForgetReceipt actual = model.forget(ForgetRequest.Records.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
        ForgetReceipt approximate = new ForgetReceipt(actual.family(), actual.requestKind(), actual.request(), actual.records(),
                Guarantee.APPROXIMATE, actual.elapsed(), actual.digestBefore(), actual.digestAfter(), actual.at(), Map.of());
        AuditResult r = AuditRunner.audit(model, train, test, Set.of(),
                Audits.fast().withRepeatedRuns(0).withCurve(List.of(), 0, 1).withReceipts(List.of(approximate)));
        assertThat(r.verdicts()).extracting(ForgettingVerdict::outcome).containsOnly(ForgettingVerdict.Outcome.MEASURED);
        assertThat(r.verdicts().get(1).explanation()).contains("APPROXIMATE").contains("AUC difference");
        assertThat(r.quality()).isNull();
        assertThat(r.curves()).isEmpty();
    }

    @Test
    void recordsNamedAsForgottenButStillHeldAreAuditedAgainstRetrainingWithoutThem() {
        Dataset train = AuditData.noisy(11, 100, 0);
        Dataset test = AuditData.noisy(12, 100, 5000);
        UnlearnableModel model = ModelFamilies.byName(KernelFamily.NAME).learner(Map.of(), 1).fit(train);
        String before = model.stateDigest();
        AuditResult r = AuditRunner.audit(model, train, test, Set.of(4L, 8L, 15L, 16L, 23L, 42L),
                Audits.fast().withRepeatedRuns(0).withCurve(List.of(), 0, 1));
        assertThat(r.forgottenCount()).isEqualTo(6);
        assertThat(r.oracle().exactness().passed()).isFalse();
        assertThat(r.verdicts().get(0).guarantee()).isNull();
        assertThat(model.stateDigest()).isEqualTo(before);
    }

    @Test
    void rejectsDataTheModelWasNotTrainedOn() {
        Dataset train = AuditData.noisy(11, 60, 0);
        Dataset test = AuditData.noisy(12, 60, 5000);
        UnlearnableModel model = ModelFamilies.byName(KernelFamily.NAME).learner(Map.of(), 1).fit(train);
        assertThatThrownBy(() -> AuditRunner.audit(model, test, train, Set.of(), Audits.fast()))
                .isInstanceOf(DataException.class).hasMessageContaining("not what the model was trained on");
        assertThatThrownBy(() -> AuditRunner.audit(model, train, test, Set.of(99_999L), Audits.fast()))
                .isInstanceOf(DataException.class).hasMessageContaining("99999");
        Dataset otherShape = dev.lethe.testing.RandomData.classification(1, 30, 2, 1, 2);
        assertThatThrownBy(() -> AuditRunner.audit(model, train, otherShape, Set.of(), Audits.fast()))
                .isInstanceOf(DataException.class).hasMessageContaining("held-out");
    }

    @Test
    void rejectsBadOptions() {
        assertThatThrownBy(() -> AuditOptions.defaults().withShadowModels(1))
                .isInstanceOf(dev.lethe.model.OptionsException.class).hasMessageContaining("shadowModels").hasMessageContaining("got 1");
        assertThatThrownBy(() -> AuditOptions.defaults().withThreads(0))
                .isInstanceOf(dev.lethe.model.OptionsException.class).hasMessageContaining("threads");
    }

    @Test
    void auditsARegressorWithTheSquaredErrorAsStatistic() {
        Dataset.Split split = dev.lethe.testing.RandomData.regression(31, 180, 3, 1).split(2.0 / 3, 1);
        Dataset train = split.first();
        Dataset test = split.second();
        UnlearnableModel model = ModelFamilies.byName("ridge").learner(Map.of(), 1).fit(train);
        long[] ids = train.recordIds();
        ForgetReceipt receipt = model.forget(ForgetRequest.Records.of(ids[1], ids[5], ids[8], ids[13], ids[21], ids[34]));
        AuditResult r = AuditRunner.audit(model, train, test, Set.of(),
                Audits.fast().withCurve(List.of("ridge"), 2, 3).withReceipts(List.of(receipt)));
        assertThat(r.oracle().unlearnedUtility().metric()).isEqualTo("rmse");
        assertThat(r.oracle().exactness().passed()).as(r.oracle().exactness().toString()).isTrue();
        assertThat(r.verdicts()).extracting(ForgettingVerdict::outcome).containsOnly(ForgettingVerdict.Outcome.CONSISTENT);
        assertThat(r.exposed().get(0).confidence()).isNaN();
        assertThat(r.curves().get(0).metric()).isEqualTo("rmse");
    }

    @Test
    void aModelThatForgotNothingIsAuditedWithoutVerdicts() {
        Dataset train = AuditData.noisy(11, 80, 0);
        Dataset test = AuditData.noisy(12, 80, 5000);
        UnlearnableModel model = ModelFamilies.byName(KernelFamily.NAME).learner(Map.of(), 1).fit(train);
        AuditResult r = AuditRunner.audit(model, train, test, Set.of(), Audits.fast());
        assertThat(r.forgottenCount()).isZero();
        assertThat(r.verdicts()).isEmpty();
        assertThat(r.quality()).isNull();
        assertThat(r.attacks()).allSatisfy(a -> {
            assertThat(a.forgottenUnlearned()).isNull();
            assertThat(a.membersVsHeldOut()).isNotNull();
        });
        String html = dev.lethe.audit.report.ReportWriter.html(r);
        assertThat(html).contains("No records were forgotten").contains("Nothing was forgotten");
    }
}
