package dev.lethe.cli;

import dev.lethe.awareness.code.CodeScanner;
import dev.lethe.awareness.code.TrainingSite;
import dev.lethe.awareness.inventory.Inventory;
import dev.lethe.awareness.inventory.InventoryBom;
import dev.lethe.awareness.inventory.InventoryBuilder;
import dev.lethe.awareness.inventory.InventoryText;
import dev.lethe.awareness.registry.RegistryKnownData;
import dev.lethe.store.LetheHome;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lethe inventory}: the personal data in every model, the requests that reached them, and the gaps. */
@Command(name = "inventory", mixinStandardHelpOptions = true, sortOptions = false,
        description = "The personal-data inventory: per model version the personal data it was trained on and the subjects it "
                + "holds; per request the models reached and those that could hold the person.")
final class InventoryCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--json", description = "Print as JSON.")
    boolean json;

    @Option(names = "--html", description = "Print an HTML report.")
    boolean html;

    @Option(names = "--cyclonedx", description = "Print a CycloneDX 1.6 ML-BOM (JSON).")
    boolean cyclonedx;

    @Option(names = "--code", paramLabel = "DIR", description = "Also scan this source folder for training (lethe scan) and report it.")
    Path code;

    @Mixin
    HomeOptions home;

    @Override
    public Integer call() {
        if ((json ? 1 : 0) + (html ? 1 : 0) + (cyclonedx ? 1 : 0) > 1) {
            throw new Main.UserError("--json, --html and --cyclonedx are exclusive: choose one output format");
        }
        Inventory inv;
        try (LetheHome h = home.open()) {
            List<TrainingSite> sites = code == null ? null : new CodeScanner(new RegistryKnownData(h.registry())).scan(code).sites();
            inv = InventoryBuilder.build(h.registry(), sites);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.pretty(InventoryText.json(inv)));
        } else if (html) {
            out.print(InventoryText.html(inv));
        } else if (cyclonedx) {
            out.println(InventoryBom.json(inv));
        } else {
            out.print(InventoryText.table(inv));
        }
        spec.commandLine().getOut().flush(); // picocli's default writer flushes only on println
        return Main.OK;
    }
}
