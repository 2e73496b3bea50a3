package dev.lethe.cli;

import dev.lethe.model.ModelFile;
import dev.lethe.model.UnlearnableModel;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --model M} option of commands that use a saved model. */
final class ModelOption {

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "The model file.")
    Path file;

    UnlearnableModel load(Progress progress) {
        progress.stage("loading " + file);
        UnlearnableModel model = ModelFile.load(file);
        progress.done();
        return model;
    }
}
