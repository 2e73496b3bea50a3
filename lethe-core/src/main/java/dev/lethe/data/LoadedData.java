package dev.lethe.data;

import java.util.Map;

/**
 * A dataset as read from a file, with what the reader did to it.
 *
 * @param droppedRows rows dropped for missing values ({@link MissingPolicy#DROP})
 * @param imputation  the value put in for each imputed column, rendered as read ({@link MissingPolicy#IMPUTE})
 * @param imputedCells how many cells were imputed
 */
public record LoadedData(Dataset dataset, int droppedRows, Map<String, String> imputation, long imputedCells) {

    public LoadedData {
        imputation = Map.copyOf(imputation);
    }
}
