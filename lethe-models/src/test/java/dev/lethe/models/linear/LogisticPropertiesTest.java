package dev.lethe.models.linear;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.data.Dataset;
import dev.lethe.model.ForgetException;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.Guarantee;
import dev.lethe.testing.RandomData;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Random data (numeric and categorical features, subjects, unused levels) and random request
 * sequences mixing records, subjects, relabels and features, for binary and multinomial models.
 * Invariants: every forget is APPROXIMATE here (ε = ∞), but a request that removes nothing carries the
 * model's standing guarantee (EXACT until its first real change, APPROXIMATE after); for binary
 * models the running bound dominates the measured residual; and by λn-strong convexity the weights
 * lie within (‖∇J(w)‖ + ‖∇J(w*)‖)/(λn) of the retrained optimum w*.
 */
class LogisticPropertiesTest {

    /** A record ID no model here was trained on: the one request that must be refused. */
    private static final long UNKNOWN = 123_456_789L;

    @Property(tries = 25)
    void randomRequestSequencesStayWithinTheirGuarantees(@ForAll @LongRange(min = 1, max = 1_000_000) long seed,
                                                          @ForAll @IntRange(min = 2, max = 3) int classes) {
        Dataset data = RandomData.classification(seed, 90, 3, 2, classes);
        LogisticLearner learner = new LogisticLearner(
                LogisticTestData.rawDefaults().withEpsilon(Double.POSITIVE_INFINITY).withLambda(0.05), seed);
        LogisticModel model = learner.fit(data);
        Random random = new Random(seed);
        List<String> subjects = data.subjects();
        boolean changed = false;
        for (int step = 0; step < 6; step++) {
            ForgetRequest request = randomRequest(random, data, model, subjects);
            String before = model.stateDigest();
            boolean mustRefuse = request instanceof ForgetRequest.Records records && records.ids().contains(UNKNOWN);
            try {
                ForgetReceipt receipt = model.forget(request);
                assertThat(mustRefuse).as("accepted a request naming an unknown record: %s", request).isFalse();
                boolean empty = receipt.recordCount() == 0 && !(request instanceof ForgetRequest.Feature);
                assertThat(receipt.guarantee()).isEqualTo(empty && !changed ? Guarantee.EXACT : Guarantee.APPROXIMATE);
                changed |= !empty;
                Statistics.label("forget").collect("done");
            } catch (ForgetException e) {
                // the only refusal these requests can earn is the unknown ID, and it must change nothing
                assertThat(mustRefuse).as("refused %s: %s", request, e.getMessage()).isTrue();
                assertThat(model.stateDigest()).isEqualTo(before);
                Statistics.label("forget").collect("refused");
                continue;
            }
            if (model.isBinary()) {
                assertThat(model.measuredResidual()).isLessThanOrEqualTo(model.residualBound() * (1 + 1e-9) + 1e-12);
            }
        }
        Statistics.label("forget").coverage(c -> c.check("done").percentage(p -> p >= 70));
        Dataset remaining = model.history().applyTo(data);
        LogisticModel retrained = learner.fit(remaining);
        double allowed = (model.measuredResidual() + retrained.measuredResidual()) / (0.05 * remaining.size());
        assertThat(distance(model.parameters(), retrained.parameters())).isLessThanOrEqualTo(allowed * (1 + 1e-6) + 1e-12);
    }

    private static ForgetRequest randomRequest(Random random, Dataset data, LogisticModel model, List<String> subjects) {
        Set<Long> gone = model.history().records();
        List<Long> live = new ArrayList<>();
        for (long id : data.recordIds()) {
            if (!gone.contains(id)) {
                live.add(id);
            }
        }
        int kind = random.nextInt(5);
        if (kind == 0) {
            return new ForgetRequest.Subject(subjects.get(random.nextInt(subjects.size())));
        }
        if (kind == 1) {
            Map<Long, String> labels = new java.util.HashMap<>();
            for (int k = 0; k < 3; k++) {
                labels.put(live.get(random.nextInt(live.size())), data.schema().classes().get(random.nextInt(data.schema().numClasses())));
            }
            return new ForgetRequest.Relabel(labels);
        }
        List<String> features = new ArrayList<>(data.schema().featureNames());
        features.removeAll(model.history().features());
        if (kind == 2 && features.size() > 1) { // the last feature is refused by design (a model needs one)
            return new ForgetRequest.Feature(features.get(random.nextInt(features.size())));
        }
        if (kind == 3 && random.nextBoolean()) {
            return ForgetRequest.Records.of(live.get(0), UNKNOWN); // refused atomically
        }
        Set<Long> ids = new HashSet<>();
        int count = 1 + random.nextInt(3);
        while (ids.size() < count) {
            ids.add(live.get(random.nextInt(live.size())));
        }
        return new ForgetRequest.Records(ids);
    }

    private static double distance(Map<String, double[]> a, Map<String, double[]> b) {
        assertThat(a.keySet()).isEqualTo(b.keySet());
        double s = 0;
        for (String key : a.keySet()) {
            double[] x = a.get(key);
            double[] y = b.get(key);
            for (int i = 0; i < x.length; i++) {
                s += (x[i] - y[i]) * (x[i] - y[i]);
            }
        }
        return Math.sqrt(s);
    }
}
