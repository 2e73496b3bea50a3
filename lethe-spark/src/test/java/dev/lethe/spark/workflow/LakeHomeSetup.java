package dev.lethe.spark.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.audit.ledger.Ledger;
import dev.lethe.spark.cli.SparkMain;
import java.nio.file.Path;

/** A home with one lake dataset "people" (imported from a CSV, erased with 0 h retention) and a lake-nb model "nb". */
final class LakeHomeSetup {

    private LakeHomeSetup() {
    }

    static void peopleWithNb(Path home, Path csv, String table, String master, int buckets) throws Exception {
        Ledger.initialiseIfNew(home);
        assertThat(SparkMain.run("import", "--master", master, "--table", csv.toString(), "--format", "csv", "--subject",
                "subject", "--into", table, "--home", home.toString(), "--name", "people", "--label", "label", "--buckets",
                Integer.toString(buckets), "--vacuum-retention-hours", "0", "--override-retention-check")).isZero();
        assertThat(SparkMain.run("train", "--master", master, "--home", home.toString(), "--dataset", "people", "--name", "nb",
                "--family", "lake-nb")).isZero();
    }
}
