package dev.lethe.cli;

import dev.lethe.data.CsvReader;
import dev.lethe.data.TextTable;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The file and quasi-identifiers of {@code lethe anonymise} and {@code lethe risk}, read as text. */
final class QuasiTableOptions {

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "CSV (plain or gzip) with a header row.")
    Path data;

    @Option(names = "--quasi", required = true, split = ",", paramLabel = "COL", description = "Quasi-identifier columns.")
    List<String> quasi;

    @Mixin
    EncodingOption encoding = new EncodingOption();

    Charset charset() {
        return encoding.charset == null ? StandardCharsets.UTF_8 : encoding.charset;
    }

    TextTable read(Path file) {
        return CsvReader.readText(file, charset());
    }
}
