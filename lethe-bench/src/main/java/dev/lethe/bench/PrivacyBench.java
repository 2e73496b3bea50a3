package dev.lethe.bench;

import dev.lethe.data.CsvReader;
import dev.lethe.data.Dataset;
import dev.lethe.data.DatasetReader;
import dev.lethe.data.IdxReader;
import dev.lethe.data.ReadOptions;
import dev.lethe.data.TextTable;
import dev.lethe.model.Evaluation;
import dev.lethe.model.ModelFamilies;
import dev.lethe.model.UnlearnableModel;
import dev.lethe.privacy.anonymise.Anonymisation;
import dev.lethe.privacy.anonymise.AnonymisationOptions;
import dev.lethe.privacy.anonymise.AnonymisedTable;
import dev.lethe.privacy.anonymise.CsvOutput;
import dev.lethe.privacy.anonymise.Diversity;
import dev.lethe.privacy.anonymise.Mondrian;
import dev.lethe.privacy.dp.AggregateQuery;
import dev.lethe.privacy.dp.DiscreteGaussian;
import dev.lethe.privacy.dp.DiscreteLaplace;
import dev.lethe.privacy.dp.DpOptions;
import dev.lethe.privacy.dp.ExactRandom;
import dev.lethe.privacy.dp.RdpAccountant;
import dev.lethe.privacy.dp.Rational;
import dev.lethe.privacy.dp.Release;
import dev.lethe.privacy.dp.SubjectAggregates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The privacy benchmarks (issue 13): the accountant and the exact samplers, Mondrian on Fertility
 * (time, and nb/forest accuracy on k = 10 data against raw), DP aggregates' throughput and interval
 * width at ε = 1, and DP-SGD logistic on MNIST. Medians of the runs given.
 *
 * <p>Usage: {@code PrivacyBench DATA_DIR [sections: accountant,samplers,mondrian,accuracy,aggregates,dpsgd] [runs=3] [epochs=5]}
 */
public final class PrivacyBench {

    private PrivacyBench() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        String sections = args.length > 1 ? args[1] : "accountant,samplers,mondrian,accuracy,aggregates,dpsgd";
        int runs = args.length > 2 ? Integer.parseInt(args[2].replace("runs=", "")) : 3;
        double epochs = args.length > 3 ? Double.parseDouble(args[3].replace("epochs=", "")) : 5;
        if (sections.contains("accountant")) {
            accountant(runs);
        }
        if (sections.contains("samplers")) {
            samplers();
        }
        TextTable fertility = sections.matches(".*(mondrian|accuracy|aggregates).*")
                ? CsvReader.readText(data.resolve("AER_Fertility.csv.gz"), StandardCharsets.UTF_8) : null;
        if (sections.contains("mondrian")) {
            mondrian(fertility, runs);
        }
        if (sections.contains("accuracy")) {
            accuracy(data, fertility);
        }
        if (sections.contains("aggregates")) {
            aggregates(fertility, runs);
        }
        if (sections.contains("dpsgd")) {
            dpsgd(data, epochs);
        }
    }

    private static void accountant(int runs) {
        RdpAccountant a = new RdpAccountant();
        double q = 256.0 / 60_000;
        double[][] points = {{1.12, 60, 2.92}, {0.6, 30, 9.74}, {1.2, 10, 1.20}};
        for (double[] p : points) {
            long steps = (long) Math.ceil(p[1] * 60_000 / 256);
            double[] ms = new double[runs];
            RdpAccountant.Result r = null;
            for (int i = 0; i < runs; i++) {
                long t = System.nanoTime();
                r = a.epsilon(q, p[0], steps, 1e-5);
                ms[i] = (System.nanoTime() - t) / 1e6;
            }
            long t = System.nanoTime();
            double sigma = a.sigmaFor(p[2], q, steps, 1e-5);
            double inverseMs = (System.nanoTime() - t) / 1e6;
            System.out.printf(Locale.ROOT, "accountant sigma=%.2f epochs=%.0f: eps=%.4f (published %.2f, %+.2f%%) at order %.1f, %.1f ms; "
                            + "sigma for eps=%.2f: %.4f in %.0f ms%n", p[0], p[1], r.epsilon(), p[2], 100 * (r.epsilon() / p[2] - 1),
                    r.order(), median(ms), p[2], sigma, inverseMs);
        }
    }

    private static void samplers() {
        ExactRandom random = new ExactRandom();
        int n = 100_000;
        DiscreteLaplace laplace = new DiscreteLaplace(random);
        long t = System.nanoTime();
        for (int i = 0; i < n; i++) {
            laplace.sample(Rational.of(10, 1));
        }
        double lap = n / ((System.nanoTime() - t) / 1e9);
        DiscreteGaussian gauss = new DiscreteGaussian(random);
        t = System.nanoTime();
        for (int i = 0; i < n; i++) {
            gauss.sample(Rational.of(100, 1));
        }
        double g = n / ((System.nanoTime() - t) / 1e9);
        System.out.printf(Locale.ROOT, "samplers (SecureRandom): discrete Laplace b=10 %.0f draws/s, discrete Gaussian sigma^2=100 %.0f draws/s%n", lap, g);
    }

    private static final List<String> QUASI = List.of("age", "gender1", "gender2", "afam", "hispanic", "other");

    private static Anonymisation anonymiseFertility(TextTable fertility, int k) {
        return Mondrian.anonymise(fertility, new AnonymisationOptions(QUASI, null, k, 1, Diversity.DISTINCT, Map.of(), 0));
    }

    private static void mondrian(TextTable fertility, int runs) {
        for (int k : new int[] {5, 10, 50}) {
            double[] ms = new double[runs];
            Anonymisation a = null;
            for (int i = 0; i < runs; i++) {
                long t = System.nanoTime();
                a = anonymiseFertility(fertility, k);
                ms[i] = (System.nanoTime() - t) / 1e6;
            }
            System.out.printf(Locale.ROOT, "mondrian fertility rows=%d k=%d: median %.0f ms (runs %s), classes=%d smallest=%d ncp=%.4f discernibility=%d%n",
                    a.rows(), k, median(ms), Arrays.toString(Arrays.stream(ms).map(Math::rint).toArray()), a.classes().size(),
                    a.smallestClass(), a.ncp(), a.discernibility());
        }
    }

    private static void accuracy(Path data, TextTable fertility) throws Exception {
        Path tmp = Files.createTempFile("fertility-k10-", ".csv");
        try {
            CsvOutput.write(AnonymisedTable.of(fertility, anonymiseFertility(fertility, 10), Map.of()), tmp);
            Dataset raw = DatasetReader.read(data.resolve("AER_Fertility.csv.gz"), ReadOptions.label("morekids")).dataset();
            Dataset anon = DatasetReader.read(tmp, ReadOptions.label("morekids")).dataset();
            for (String family : new String[] {"nb", "forest"}) {
                Map<String, String> settings = family.equals("forest") ? Map.of("trees", "30") : Map.of();
                double rawAcc = holdoutAccuracy(family, settings, raw);
                double anonAcc = holdoutAccuracy(family, settings, anon);
                System.out.printf(Locale.ROOT, "accuracy %s %s (80/20 split, seed 1): raw %.4f, k=10 anonymised %.4f, difference %+.2f points%n",
                        family, settings, rawAcc, anonAcc, 100 * (anonAcc - rawAcc));
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static double holdoutAccuracy(String family, Map<String, String> settings, Dataset d) {
        Dataset.Split split = d.split(0.8, 1);
        UnlearnableModel m = ModelFamilies.byName(family).learner(settings, 1).fit(split.first());
        return Evaluation.of(m, split.second()).accuracy();
    }

    private static void aggregates(TextTable fertility, int runs) {
        List<String> names = new ArrayList<>(fertility.names());
        names.add("subject");
        List<String[]> rows = new ArrayList<>(fertility.rows().size());
        for (int i = 0; i < fertility.rows().size(); i++) {
            String[] r = Arrays.copyOf(fertility.rows().get(i), names.size());
            r[names.size() - 1] = "s" + i / 2; // two rows per subject, to exercise subject-level bounding
            rows.add(r);
        }
        TextTable t = new TextTable(fertility.source(), names, rows, fertility.lines());
        SubjectAggregates agg = new SubjectAggregates(new ExactRandom());
        String[][] queries = {{"count", "NaN", "NaN"}, {"sum(work)", "0", "52"}, {"mean(age)", "15", "50"}, {"quantile(age,0.5)", "15", "50"}};
        for (int n : new int[] {1, 2}) {
            for (String[] q : queries) {
                double[] ms = new double[runs];
                Release r = null;
                for (int i = 0; i < runs; i++) {
                    long start = System.nanoTime();
                    r = agg.run(t, "subject", AggregateQuery.parse(q[0]), null,
                            new DpOptions(1, 0, Double.parseDouble(q[1]), Double.parseDouble(q[2]), n)).get(0);
                    ms[i] = (System.nanoTime() - start) / 1e6;
                }
                System.out.printf(Locale.ROOT, "dp %s eps=1 max-rows-per-subject=%d over %d rows: median %.0f ms = %.0f rows/s; estimate %.4f, 95%% interval width %s%n",
                        q[0], n, rows.size(), median(ms), rows.size() / (median(ms) / 1e3), r.estimate(),
                        Double.isNaN(r.low()) ? r.note() : String.format(Locale.ROOT, "%.4f", r.high() - r.low()));
            }
        }
    }

    private static void dpsgd(Path data, double epochs) {
        Dataset train = IdxReader.read(data.resolve("mnist")).dataset();
        Dataset test = IdxReader.readTestSplit(data.resolve("mnist"));
        for (double eps : new double[] {1.2, 3.0, 7.1}) {
            long t = System.nanoTime();
            UnlearnableModel m = ModelFamilies.byName("dp-logistic").learner(Map.of("epsilon", Double.toString(eps), "delta", "1e-5",
                    "epochs", Double.toString(epochs), "batch", "256", "clip", "1", "rate", "2", "scale", Double.toString(1 / 255.0)), 1).fit(train);
            double secs = (System.nanoTime() - t) / 1e9;
            Map<String, String> s = m.provenance().settings();
            System.out.printf(Locale.ROOT, "dp-sgd logistic mnist target eps=%.1f epochs=%.0f batch=256 clip=1 rate=2: accountant eps=%s sigma=%s steps=%s, "
                            + "test accuracy %.4f, train %.1f s%n", eps, epochs, s.get("dp.epsilon"), s.get("dp.noiseMultiplier"),
                    s.get("dp.steps"), Evaluation.of(m, test).accuracy(), secs);
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
