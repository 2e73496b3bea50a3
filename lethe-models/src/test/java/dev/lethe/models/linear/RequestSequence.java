package dev.lethe.models.linear;

import dev.lethe.data.Dataset;
import dev.lethe.data.Schema;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.TrainingRecords;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Random forget requests that a model can honour: single records, batches, subjects, features,
 * classes (classifiers) and relabels, drawn from what the model still holds.
 */
final class RequestSequence {

    private final Random random;

    RequestSequence(long seed) {
        this.random = new Random(seed);
    }

    Random random() {
        return random;
    }

    /** The next request, or {@code null} when nothing is left to forget. */
    ForgetRequest next(TrainingRecords records) {
        Dataset data = records.data();
        Schema schema = data.schema();
        int[] live = records.remainingRows();
        int kind = random.nextInt(10);
        // a model must keep at least one record, so no request here removes every remaining one
        if (kind < 4 && live.length > 1) {
            return ForgetRequest.Records.of(data.recordId(live[random.nextInt(live.length)]));
        }
        if (kind < 5 && live.length > 1) {
            int count = 1 + random.nextInt(Math.min(live.length - 1, random.nextInt(6) == 0 ? live.length - 1 : 8));
            Set<Long> ids = new TreeSet<>();
            while (ids.size() < count) {
                ids.add(data.recordId(live[random.nextInt(live.length)]));
            }
            return new ForgetRequest.Records(ids);
        }
        if (kind < 6 && !data.subjects().isEmpty()) {
            List<String> subjects = data.subjects();
            String subject = subjects.get(random.nextInt(subjects.size()));
            int held = 0;
            for (int row : live) {
                held += subject.equals(data.subjectId(row)) ? 1 : 0;
            }
            if (held < live.length) {
                return new ForgetRequest.Subject(subject);
            }
        }
        if (kind < 7) {
            List<String> active = new ArrayList<>();
            for (int j = 0; j < schema.numFeatures(); j++) {
                if (!records.isFeatureForgotten(j)) {
                    active.add(schema.feature(j).name());
                }
            }
            if (active.size() > 1) {
                return new ForgetRequest.Feature(active.get(random.nextInt(active.size())));
            }
        }
        if (kind < 8 && schema.isClassification()) {
            int k = random.nextInt(schema.numClasses());
            int held = 0;
            for (int row : live) {
                held += data.label(row) == k ? 1 : 0;
            }
            if (held < live.length) {
                return new ForgetRequest.ClassLabel(schema.classes().get(k));
            }
        }
        if (live.length == 0) {
            return null;
        }
        Map<Long, String> labels = new TreeMap<>();
        int count = 1 + random.nextInt(Math.min(3, live.length));
        while (labels.size() < count) {
            long id = data.recordId(live[random.nextInt(live.length)]);
            List<String> known = schema.target().liveLevels();
            labels.put(id, schema.isClassification() ? known.get(random.nextInt(known.size()))
                    : Double.toString(Math.rint(random.nextGaussian() * 1000) / 100));
        }
        return new ForgetRequest.Relabel(labels);
    }
}
