package dev.lethe.models.sisa;

import dev.lethe.data.Dataset;
import dev.lethe.data.Schema;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.TrainingRecords;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Random forget requests a SISA model can honour: records, batches, subjects, relabels, rarely a feature or a class. */
final class SisaRequests {

    private SisaRequests() {
    }

    static ForgetRequest next(Random random, TrainingRecords records, String protectedFeature) {
        Dataset data = records.data();
        Schema schema = data.schema();
        int[] live = records.remainingRows();
        if (live.length == 0) {
            return null;
        }
        int kind = random.nextInt(20);
        if (kind < 9) {
            return ForgetRequest.Records.of(data.recordId(live[random.nextInt(live.length)]));
        }
        if (kind < 13) {
            int count = 1 + random.nextInt(Math.min(live.length, 6));
            Set<Long> ids = new TreeSet<>();
            while (ids.size() < count) {
                ids.add(data.recordId(live[random.nextInt(live.length)]));
            }
            return new ForgetRequest.Records(ids);
        }
        if (kind < 15 && !data.subjects().isEmpty()) {
            List<String> subjects = data.subjects();
            return new ForgetRequest.Subject(subjects.get(random.nextInt(subjects.size())));
        }
        if (kind == 15) {
            List<String> active = new java.util.ArrayList<>();
            for (int j = 0; j < schema.numFeatures(); j++) {
                String name = schema.feature(j).name();
                if (!records.isFeatureForgotten(j) && !name.equals(protectedFeature)) {
                    active.add(name);
                }
            }
            if (active.size() > 1) {
                return new ForgetRequest.Feature(active.get(random.nextInt(active.size())));
            }
        }
        if (kind == 16 && schema.isClassification()) {
            return new ForgetRequest.ClassLabel(schema.classes().get(random.nextInt(schema.numClasses())));
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
