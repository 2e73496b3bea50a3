package dev.lethe.cli;

import dev.lethe.audit.report.UnlearnReport;
import dev.lethe.bench.UnlearnBenchmark;
import dev.lethe.bench.UnlearnMarkdown;
import dev.lethe.data.Dataset;
import dev.lethe.data.IdxReader;
import dev.lethe.djl.UnlearningMethod;
import dev.lethe.model.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lethe bench unlearn}: approximate unlearning methods of networks against retraining on MNIST ({@link UnlearnBenchmark}). */
@Command(name = "unlearn", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Approximate unlearning (--method) of mlp/cnn against retraining on MNIST: time, accuracies, MIA AUC "
                + "and the NeurIPS 2023 forgetting-quality score from N unlearned and N retrained models.")
final class BenchUnlearnCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "A folder with MNIST's IDX files (train and t10k).")
    Path data;

    @Option(names = "--model", split = ",", defaultValue = "mlp,cnn", paramLabel = "FAMILY", description = "mlp, cnn (default: ${DEFAULT-VALUE}).")
    List<String> families;

    @Option(names = "--scenario", split = ",", defaultValue = "class,random,subject", paramLabel = "S",
            description = "class, random (10%%), subject (1%% as subjects of " + UnlearnBenchmark.SUBJECT_SIZE + " rows) (default: ${DEFAULT-VALUE}).")
    List<String> scenarios;

    @Option(names = "--method", split = ",", paramLabel = "METHOD",
            description = "Methods (default: all); METHOD/LABEL (no dot in LABEL) runs another setting of the same method, "
                    + "e.g. neggrad+/fast with --method-set neggrad+/fast.rate=0.02.")
    List<String> methods;

    @Option(names = "--set", paramLabel = "FAMILY.KEY=VALUE", description = "A training setting of one family, e.g. mlp.epochs=5 (repeatable).")
    List<String> settings = List.of();

    @Option(names = "--method-set", paramLabel = "METHOD.KEY=VALUE", description = "A setting of one method, e.g. scrub.epochs=3 (repeatable).")
    List<String> methodSettings = List.of();

    @Option(names = "--train-rows", defaultValue = "6000", description = "The first rows of MNIST's training set (default: ${DEFAULT-VALUE}).")
    int trainRows;

    @Option(names = "--test-rows", defaultValue = "2000", description = "The first rows of MNIST's test set (default: ${DEFAULT-VALUE}).")
    int testRows;

    @Option(names = "--runs", defaultValue = "8", description = "N: seeds, each with an unlearned and a retrained model (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--seed", defaultValue = "1", description = "The first seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--markdown", paramLabel = "FILE", description = "Write the Markdown table here (default: print it).")
    Path markdown;

    @Option(names = "--report", paramLabel = "FILE", description = "Write the HTML report here.")
    Path report;

    @Override
    public Integer call() throws IOException {
        if (runs < 2 || runs > 1000) {
            throw new Main.UserError("--runs: expected 2 to 1000, got " + runs);
        }
        Map<String, Map<String, String>> methodMap = new LinkedHashMap<>();
        for (String m : methods == null ? UnlearnBenchmark.allMethods().keySet() : methods) {
            String id = UnlearningMethod.byName(UnlearnBenchmark.methodId(m)).id();
            methodMap.put(id + m.substring(UnlearnBenchmark.methodId(m).length()), new LinkedHashMap<>());
        }
        prefixed(methodSettings, "--method-set").forEach((k, v) -> {
            if (!methodMap.containsKey(k)) {
                throw new Main.UserError("--method-set: no method " + k + " in this run");
            }
            methodMap.get(k).putAll(v);
        });
        Dataset train = first(IdxReader.read(data).dataset(), trainRows);
        Dataset test = first(IdxReader.readTestSplit(data), testRows);
        UnlearnBenchmark.Config config = new UnlearnBenchmark.Config(families, prefixed(settings, "--set"), scenarios, methodMap,
                runs, seed);
        var err = spec.commandLine().getErr();
        List<UnlearnBenchmark.Row> rows = UnlearnBenchmark.run(config, train, test, line -> {
            err.println(line);
            err.flush();
        });
        String notes = "MNIST: the first " + train.size() + " training and " + test.size() + " test images; families "
                + families + " with settings " + prefixed(settings, "--set") + " (others default); methods with settings " + methodMap
                + " (others default); N = " + runs + " seeds from " + seed + "; δ = " + UnlearnBenchmark.DELTA
                + "; CPU, PyTorch single-threaded; times are medians over the N runs in this process.";
        String md = UnlearnMarkdown.of(notes, rows);
        if (markdown == null) {
            spec.commandLine().getOut().print(md);
        } else {
            Files.writeString(markdown, md, StandardCharsets.UTF_8);
        }
        if (report != null) {
            UnlearnReport.write(report, "Lethe: approximate unlearning against retraining", notes,
                    rows.stream().map(UnlearnBenchmark.Row::entry).toList());
        }
        return Main.OK;
    }

    private static Dataset first(Dataset d, int n) {
        int[] rows = new int[Math.min(n, d.size())];
        java.util.Arrays.setAll(rows, i -> i);
        return d.select(rows);
    }

    /** {@code NAME.KEY=VALUE} pairs grouped by NAME. */
    private static Map<String, Map<String, String>> prefixed(List<String> pairs, String flag) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        Settings.parse(pairs).forEach((k, v) -> {
            int dot = k.indexOf('.');
            if (dot <= 0) {
                throw new Main.UserError(flag + " expects NAME.KEY=VALUE, got " + dev.lethe.model.LetheException.quote(k + "=" + v));
            }
            out.computeIfAbsent(k.substring(0, dot), x -> new LinkedHashMap<>()).put(k.substring(dot + 1), v);
        });
        return out;
    }
}
