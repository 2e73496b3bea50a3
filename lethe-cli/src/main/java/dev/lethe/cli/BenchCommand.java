package dev.lethe.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code lethe bench}: end-to-end benchmarks. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks measured in one run on your data.",
        subcommands = {
                BenchForgetCommand.class,
                BenchServeCommand.class,
                BenchUnlearnCommand.class,
        })
final class BenchCommand implements Runnable {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
