package dev.lethe.bench;

import dev.lethe.data.Dataset;
import dev.lethe.data.DatasetReader;
import dev.lethe.data.ReadOptions;
import dev.lethe.model.ModelFamilies;
import dev.lethe.model.ModelFamily;
import dev.lethe.models.trees.ForestLearner;
import dev.lethe.models.trees.ForestModel;
import dev.lethe.models.trees.GreedyForest;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Benchmarks of the {@code forest} family (issue 3), in one JVM, medians quoted.
 *
 * <pre>
 *   java -cp ... dev.lethe.bench.ForestBench forget   DATASET_DIR [key=value ...]
 *   java -cp ... dev.lethe.bench.ForestBench accuracy DATASET_DIR [repeats] [key=value ...]
 * </pre>
 * {@code forget}: {@link ForgetBenchmark} on AER_Fertility (label morekids) plus training time and
 * heap per training record. {@code accuracy}: held-out 20% accuracy and training time of the
 * unlearnable forest and of the conventional {@link GreedyForest} of the same size (trees, depth,
 * minimum leaf) on Shuttle, LetterRecognition, Satellite, Spam and Fertility ({@code -Dsets=Spam,Satellite}
 * restricts the list).
 */
public final class ForestBench {

    private ForestBench() {
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: ForestBench forget|accuracy DATASET_DIR [repeats] [key=value ...]");
            System.exit(2);
        }
        Path dir = Path.of(args[1]);
        int from = 2;
        int repeats = 3;
        if (args.length > 2 && args[2].matches("\\d+")) {
            repeats = Integer.parseInt(args[2]);
            from = 3;
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = from; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            settings.put(kv[0], kv[1]);
        }
        if (args[0].equals("forget")) {
            forget(dir, settings);
        } else {
            accuracy(dir, settings, repeats);
        }
    }

    private static Dataset read(Path dir, String file, String label) {
        return DatasetReader.read(dir.resolve(file), ReadOptions.label(label)).dataset();
    }

    private static void forget(Path dir, Map<String, String> settings) {
        Dataset data = read(dir, "AER_Fertility.csv.gz", "morekids");
        ModelFamily family = ModelFamilies.byName("forest");
        ForestLearner learner = (ForestLearner) family.learner(settings, 42);
        long before = usedHeap();
        long start = System.nanoTime();
        ForestModel model = learner.fit(data);
        double fitMillis = (System.nanoTime() - start) / 1e6;
        long after = usedHeap();
        System.out.printf("fit %.0f ms, %d nodes, heap held by the model beyond the data %.0f bytes per training record%n",
                fitMillis, model.nodeCount(), (after - before) / (double) data.size());
        model = null;
        BenchResult r = ForgetBenchmark.run(family, settings, data, ForgetBenchmark.Plan.defaults(), System.out::println);
        System.out.println(r.toMap());
    }

    private static void accuracy(Path dir, Map<String, String> settings, int repeats) {
        String[][] sets = {
                {"mlbench_Shuttle.csv.gz", "Class"},
                {"mlbench_LetterRecognition.csv.gz", "lettr"},
                {"mlbench_Satellite.csv.gz", "classes"},
                {"kernlab_spam.csv.gz", "type"},
                {"AER_Fertility.csv.gz", "morekids"},
        };
        ForestLearner.Options o = ForestLearner.Options.from(new dev.lethe.model.Settings("forest", settings));
        System.out.println("options " + o.toSettings() + ", " + repeats + " splits per dataset (medians)");
        System.out.println("dataset | rows | forest acc | greedy acc | diff (points) | forest fit ms | greedy fit ms | ratio");
        String only = System.getProperty("sets", "");
        for (String[] set : sets) {
            if (!only.isEmpty() && Arrays.stream(only.split(",")).noneMatch(set[0]::contains)) {
                continue;
            }
            Dataset data = read(dir, set[0], set[1]);
            double[] fa = new double[repeats];
            double[] ga = new double[repeats];
            double[] ft = new double[repeats];
            double[] gt = new double[repeats];
            for (int rep = 0; rep < repeats; rep++) {
                Dataset.Split split = data.split(0.8, 1000 + rep);
                long start = System.nanoTime();
                ForestModel forest = new ForestLearner(o, rep).fit(split.first());
                ft[rep] = (System.nanoTime() - start) / 1e6;
                start = System.nanoTime();
                GreedyForest greedy = GreedyForest.fit(split.first(), o.trees(), o.maxDepth(), o.minSamplesLeaf(), rep);
                gt[rep] = (System.nanoTime() - start) / 1e6;
                Dataset test = split.second();
                double[] row = new double[test.numFeatures()];
                int fr = 0;
                int gr = 0;
                for (int i = 0; i < test.size(); i++) {
                    test.copyRow(i, row);
                    fr += forest.predict(row) == test.label(i) ? 1 : 0;
                    gr += greedy.predict(row) == test.label(i) ? 1 : 0;
                }
                fa[rep] = 100.0 * fr / test.size();
                ga[rep] = 100.0 * gr / test.size();
            }
            System.out.printf("%s | %d | %.2f | %.2f | %+.2f | %.0f | %.0f | %.2f%n", set[0], data.size(), median(fa), median(ga),
                    median(fa) - median(ga), median(ft), median(gt), median(ft) / median(gt));
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
