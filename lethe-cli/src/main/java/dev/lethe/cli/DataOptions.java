package dev.lethe.cli;

import dev.lethe.data.MissingPolicy;
import dev.lethe.data.ReadOptions;
import dev.lethe.data.Task;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** How to read a training file: the file and its column roles. Shared by train, demo and bench. */
public final class DataOptions {

    @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "CSV (plain or gzip), ARFF, or MNIST IDX (an images file or a folder).")
    Path data;

    @Option(names = "--label", required = true, paramLabel = "COL", description = "The column to predict.")
    String label;

    @Option(names = "--id", paramLabel = "COL",
            description = "Column of integral record IDs (default: 0-based data row numbers).")
    String id;

    @Option(names = "--subject", paramLabel = "COL", description = "Column naming each row's data subject.")
    String subject;

    @Option(names = "--drop", split = ",", paramLabel = "COL", description = "Columns to ignore (comma-separated).")
    List<String> drop = List.of();

    @Option(names = "--categorical", split = ",", paramLabel = "COL",
            description = "Columns to read as categorical even if they look numeric.")
    List<String> categorical = List.of();

    @Mixin
    MissingOption missing = new MissingOption();

    @Mixin
    EncodingOption encoding = new EncodingOption();

    @Option(names = "--require-subjects",
            description = "Refuse the data when a row's --subject value is empty or NA (default: warn with the count).")
    boolean requireSubjects;

    @Option(names = "--task", paramLabel = "TASK",
            description = "classification or regression (default: inferred from the label column).")
    Task task;

    ReadOptions readOptions() {
        return new ReadOptions(label, id, subject, new LinkedHashSet<>(drop), missing.policy == null ? MissingPolicy.REJECT
                : missing.policy, task, new LinkedHashSet<>(categorical), encoding.charset);
    }
}
