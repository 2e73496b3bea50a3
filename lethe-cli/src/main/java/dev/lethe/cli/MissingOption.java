package dev.lethe.cli;

import dev.lethe.data.MissingPolicy;
import picocli.CommandLine.Option;

/**
 * The {@code --missing} option of every command that reads data: train and data import (default
 * reject), predict and evaluate (default: the policy the model was trained with).
 */
final class MissingOption {

    @Option(names = "--missing", paramLabel = "POLICY",
            description = "Missing values (NA or empty): reject, drop the rows, or impute (mean / most frequent; for a "
                    + "trained model, the values it recorded). Default: reject for training, the model's own policy otherwise.")
    MissingPolicy policy;
}
