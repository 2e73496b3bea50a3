package dev.lethe.data;

import java.util.Map;

/**
 * A dataset as read from a file, with what the reader did to it.
 *
 * @param droppedRows rows dropped for missing values ({@link MissingPolicy#DROP})
 * @param imputation  the value put in for each imputed column, rendered as read ({@link MissingPolicy#IMPUTE})
 * @param imputedCells how many cells were imputed
 * @param hasLabels  whether the file had the label column (reading with a model's schema may omit it)
 */
public record LoadedData(Dataset dataset, int droppedRows, Map<String, String> imputation, long imputedCells,
                         boolean hasLabels) {

    public LoadedData {
        imputation = Map.copyOf(imputation);
    }

    public LoadedData(Dataset dataset) {
        this(dataset, 0, Map.of(), 0, true);
    }
}
