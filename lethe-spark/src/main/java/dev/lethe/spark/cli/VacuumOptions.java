package dev.lethe.spark.cli;

import dev.lethe.spark.lake.VacuumPolicy;
import picocli.CommandLine.Option;

/** {@code --vacuum-retention-hours} and {@code --override-retention-check}: the VACUUM retention of an erasure. */
final class VacuumOptions {

    @Option(names = "--vacuum-retention-hours", defaultValue = "168",
            description = "VACUUM retention (default: Delta's minimum with its safety check, ${DEFAULT-VALUE} h)")
    double retentionHours;

    @Option(names = "--override-retention-check", description = "accept a retention below Delta's safety minimum")
    boolean override;

    VacuumPolicy policy() {
        return new VacuumPolicy(retentionHours, override);
    }
}
