package dev.lethe.cli;

import java.nio.charset.Charset;
import picocli.CommandLine.Option;

/** The {@code --encoding} option of every command that reads CSV or ARFF files. */
final class EncodingOption {

    @Option(names = "--encoding", paramLabel = "CHARSET",
            description = "Text encoding of the data file (default: UTF-8, or the one the model was trained with). "
                    + "Bytes not valid in it are an error naming the line and column.")
    Charset charset;
}
