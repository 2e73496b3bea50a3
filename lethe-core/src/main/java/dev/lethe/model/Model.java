package dev.lethe.model;

import dev.lethe.data.Schema;
import java.util.Map;

/**
 * A fitted model. Rows given to it follow its {@link #schema()} (the schema it was trained with):
 * a model that has forgotten a feature still takes full rows and ignores that column.
 */
public interface Model {

    String family();

    Schema schema();

    Provenance provenance();

    /** The class index (classification) or the predicted value (regression). */
    double predict(double[] row);

    /** Class probabilities (classification only). */
    default double[] probabilities(double[] row) {
        throw new UnsupportedOperationException(family() + " model for '" + schema().target().name()
                + "' is a regressor; it has no class probabilities");
    }

    /**
     * Named parameter blocks, for comparing with a retrained model. Keys name features, not column
     * positions, so models with different columns can be compared; forgotten features are absent.
     */
    default Map<String, double[]> parameters() {
        return Map.of();
    }
}
