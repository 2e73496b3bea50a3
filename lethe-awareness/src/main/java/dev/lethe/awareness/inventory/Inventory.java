package dev.lethe.awareness.inventory;

import dev.lethe.awareness.code.TrainingSite;
import java.util.List;
import java.util.Map;

/**
 * The personal-data inventory of a Lethe home: per model version the personal data it was trained
 * on and how many people it holds now; per data-subject request the models it reached and the models
 * that could hold the person without the registry knowing (gaps); optionally the training found in code.
 */
public record Inventory(List<ModelEntry> models, List<RequestEntry> requests, List<TrainingSite> codeSites) {

    /**
     * One model version.
     *
     * @param personal         personal data types per column the model was trained on (its features and target)
     * @param droppedPersonal  personal data types of the dataset's columns left out of training
     * @param subjectColumn    the column naming each record's data subject, or {@code null}: then subject
     *                         requests cannot find this model's records, a gap
     * @param subjectsHeld     how many distinct data subjects' records the version holds now
     * @param guarantee        the guarantee of its latest forget, or what is known of it
     */
    public record ModelEntry(String model, int version, String family, String dataset, List<String> columns,
                             Map<String, List<String>> personal, Map<String, List<String>> droppedPersonal,
                             String subjectColumn, List<String> specialCategories, int subjectsHeld, int recordsHeld,
                             String guarantee) {

        public boolean gap() {
            return subjectColumn == null && !personal.isEmpty();
        }
    }

    /** One request: the model versions its receipts name, and the models it cannot reach (their data has no subjects). */
    public record RequestEntry(String id, String kind, String state, List<String> reached, List<String> couldHold) {
    }
}
