package dev.lethe.models.neighbours;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.data.Dataset;
import dev.lethe.data.Schema;
import dev.lethe.model.ForgetException;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.TrainingRecords;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.statistics.Statistics;

/** Random forget requests of every kind against a model's current training records. */
final class Requests {

    private static final String OUTCOMES = "forget outcome";

    private Requests() {
    }

    /**
     * Applies a request, or checks that its refusal left the model exactly as it was; tallies both
     * outcomes for {@link #requireMostAccepted()}. Returns the receipt, or null when refused.
     */
    static ForgetReceipt forgetOrRefuse(KnnModel model, ForgetRequest request) {
        String before = model.stateDigest();
        try {
            ForgetReceipt receipt = model.forget(request);
            Statistics.label(OUTCOMES).collect("done");
            return receipt;
        } catch (ForgetException refused) {
            assertThat(model.stateDigest()).as("digest after refused %s", request).isEqualTo(before);
            Statistics.label(OUTCOMES).collect("refused");
            return null;
        }
    }

    /**
     * Fails the property unless at least 70% of its random requests were honoured. Refusals are
     * legitimate only at the edges (the last feature, a feature forgotten twice, no record left),
     * about 15% of random requests; a model that refused everything would otherwise pass.
     */
    static void requireMostAccepted() {
        Statistics.label(OUTCOMES).coverage(c -> c.check("done").percentage(p -> p >= 70));
    }

    static ForgetRequest random(TrainingRecords records, Random r) {
        Dataset data = records.data();
        Schema schema = data.schema();
        int[] live = records.remainingRows();
        int kinds = schema.isClassification() ? 5 : 4;
        switch (r.nextInt(kinds)) {
            case 0 -> {
                Set<Long> ids = new TreeSet<>();
                int n = 1 + r.nextInt(3);
                for (int i = 0; i < n; i++) {
                    ids.add(data.recordId(live[r.nextInt(live.length)]));
                }
                return new ForgetRequest.Records(ids);
            }
            case 1 -> {
                List<String> subjects = data.subjects();
                if (subjects.isEmpty()) { // a loaded model keeps no subjects of forgotten rows
                    return ForgetRequest.Records.of(data.recordId(live[r.nextInt(live.length)]));
                }
                return new ForgetRequest.Subject(subjects.get(r.nextInt(subjects.size())));
            }
            case 2 -> {
                return new ForgetRequest.Feature(schema.feature(r.nextInt(schema.numFeatures())).name());
            }
            case 3 -> {
                Map<Long, String> labels = new HashMap<>();
                int n = 1 + r.nextInt(3);
                for (int i = 0; i < n; i++) {
                    long id = data.recordId(live[r.nextInt(live.length)]);
                    List<String> known = schema.target().liveLevels();
                    labels.put(id, schema.isClassification()
                            ? known.get(r.nextInt(known.size()))
                            : Double.toString(Math.rint(r.nextGaussian() * 4) / 2));
                }
                return new ForgetRequest.Relabel(labels);
            }
            default -> {
                return new ForgetRequest.ClassLabel(schema.classes().get(r.nextInt(schema.numClasses())));
            }
        }
    }
}
