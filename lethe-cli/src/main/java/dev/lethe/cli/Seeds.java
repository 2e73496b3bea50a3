package dev.lethe.cli;

import java.util.OptionalLong;
import picocli.CommandLine.Model.CommandSpec;

/** Whether a command's {@code --seed} was given on the command line (its default is not a choice the user made). */
final class Seeds {

    private Seeds() {
    }

    static OptionalLong given(CommandSpec spec, long seed) {
        return spec.commandLine().getParseResult().hasMatchedOption("--seed") ? OptionalLong.of(seed) : OptionalLong.empty();
    }
}
