package dev.lethe.audit.attack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.audit.metrics.RocCurve;
import dev.lethe.audit.testing.AuditData;
import dev.lethe.audit.testing.KernelFamily;
import dev.lethe.data.Dataset;
import dev.lethe.model.Learner;
import dev.lethe.model.ModelFamilies;
import dev.lethe.model.ModelFamily;
import dev.lethe.model.UnlearnableModel;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The attacks are validated, not assumed: on a deliberately overfit model (a soft 1-NN) they must find
 * the members; on records the model never saw they must be at chance.
 */
class LiraAttackTest {

    static Dataset train;
    static Dataset test;
    static Population population;
    static ShadowPool pool;
    static ModelOutputs target;
    static Workers workers;

    @BeforeAll
    static void setUp() {
        train = AuditData.noisy(1, 150, 0);
        test = AuditData.noisy(2, 300, 10_000);
        ModelFamily family = ModelFamilies.byName(KernelFamily.NAME);
        LongFunction<Learner<?>> learners = seed -> family.learner(Map.of("bandwidth", "0.1"), seed);
        UnlearnableModel model = learners.apply(7).fit(train);
        population = Population.of(train, test, Map.of());
        workers = new Workers(2);
        pool = ShadowPool.train(learners, population.data(), Set.of(), 16, 3, workers);
        target = ModelOutputs.of(model, population.data());
    }

    @AfterAll
    static void tearDown() {
        workers.close();
    }

    static int[] range(int from, int to) {
        return java.util.stream.IntStream.range(from, to).toArray();
    }

    @Test
    void everyRowIsInHalfTheShadows() {
        for (int i = 0; i < population.size(); i++) {
            int in = 0;
            for (int s = 0; s < pool.size(); s++) {
                in += pool.isMember(s, i) ? 1 : 0;
            }
            assertThat(in).isEqualTo(8);
        }
    }

    @Test
    void onlineLiraFindsMembersOfAnOverfitModel() {
        LiraAttack lira = LiraAttack.online(pool);
        double[] members = lira.score(target, range(0, 150));
        double[] others = lira.score(target, range(150, 450));
        assertThat(RocCurve.of(members, others).auc()).isGreaterThan(0.75);
    }

    @Test
    void everyAttackBeatsChanceOnTheOverfitModel() {
        for (MembershipAttack attack : java.util.List.of(new LossAttack(), LiraAttack.offline(pool), LiraAttack.online(pool),
                ShadowModelAttack.train(pool, 5000, 1))) {
            double auc = RocCurve.of(attack.score(target, range(0, 150)), attack.score(target, range(150, 450))).auc();
            assertThat(auc).as(attack.name()).isGreaterThan(0.65);
        }
    }

    @Test
    void onRecordsTheModelNeverSawLiraIsAtChance() {
        LiraAttack lira = LiraAttack.online(pool);
        double[] a = lira.score(target, range(150, 300));
        double[] b = lira.score(target, range(300, 450));
        assertThat(RocCurve.of(a, b).auc()).isBetween(0.4, 0.6);
    }

    @Test
    void liraFindsTheMembersOfARealOneNearestNeighbourModel() {
        ModelFamily knn = ModelFamilies.byName("knn");
        LongFunction<Learner<?>> learners = seed -> knn.learner(Map.of("k", "1"), seed);
        ShadowPool knnPool = ShadowPool.train(learners, population.data(), Set.of(), 16, 5, workers);
        ModelOutputs onKnn = ModelOutputs.of(learners.apply(1).fit(train), population.data());
        for (LiraAttack lira : java.util.List.of(LiraAttack.online(knnPool), LiraAttack.offline(knnPool))) {
            double members = RocCurve.of(lira.score(onKnn, range(0, 150)), lira.score(onKnn, range(150, 450))).auc();
            double unseen = RocCurve.of(lira.score(onKnn, range(150, 300)), lira.score(onKnn, range(300, 450))).auc();
            assertThat(members).as(lira.name() + " members vs non-members").isGreaterThan(0.6);
            assertThat(unseen).as(lira.name() + " never-seen vs never-seen").isBetween(0.4, 0.6);
        }
    }

    @Test
    void perExampleVariancesAlsoFindTheMembers() {
        LiraAttack lira = LiraAttack.fit(pool, true, LiraAttack.Variance.PER_EXAMPLE);
        double auc = RocCurve.of(lira.score(target, range(0, 150)), lira.score(target, range(150, 450))).auc();
        assertThat(auc).isGreaterThan(0.7);
        assertThat(LiraAttack.defaultVariance(pool)).isEqualTo(LiraAttack.Variance.GLOBAL);
    }

    @Test
    void shadowPoolsAreReproducibleFromTheirSeed() {
        ModelFamily family = ModelFamilies.byName(KernelFamily.NAME);
        LongFunction<Learner<?>> learners = seed -> family.learner(Map.of("bandwidth", "0.1"), seed);
        ShadowPool again = ShadowPool.train(learners, population.data(), Set.of(), 16, 3, workers);
        for (int s = 0; s < 16; s++) {
            assertThat(again.outputs(s).phi()).isEqualTo(pool.outputs(s).phi());
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ShadowPool.train(learners, population.data(), Set.of(), 1, 3, workers))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 1");
    }
}
