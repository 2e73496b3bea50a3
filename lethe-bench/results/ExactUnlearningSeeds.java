import dev.lethe.data.CsvReader;
import dev.lethe.data.Dataset;
import dev.lethe.data.ReadOptions;
import dev.lethe.privacy.compare.CompareOptions;
import dev.lethe.privacy.compare.ComparisonResult;
import dev.lethe.privacy.compare.ConfigurationResult;
import dev.lethe.privacy.compare.PrivacyComparison;
import dev.lethe.privacy.compare.Trial;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Is exact unlearning's LiRA AUC above 0.5 a bias or noise? Runs only the raw and exact-unlearning rows of
 * {@code lethe privacy compare} on Fertility with the forest (30 trees; the same 10,000-row sample, split,
 * 500 audited records and 8 shadows per seed as privacy.md's command: empty k and ε lists) for many seeds,
 * and prints each seed's AUC and their mean, median and spread. Usage, from the repository root:
 * {@code java -cp lethe-cli/target/lethe.jar lethe-bench/results/ExactUnlearningSeeds.java SEEDS}
 */
public final class ExactUnlearningSeeds {

    public static void main(String[] args) {
        int seeds = Integer.parseInt(args[0]);
        Dataset data = CsvReader.read(Path.of("data/AER_Fertility.csv.gz"), ReadOptions.label("morekids")).dataset();
        CompareOptions o = new CompareOptions("forest", Map.of("trees", "30"), "dp-logistic", Map.of(), List.of("age"), null, null, 1,
                List.of(), List.of(), 1e-5, seeds, 8, 500, 10000, 1, 2);
        ComparisonResult r = PrivacyComparison.run(data, "AER_Fertility.csv.gz", o, line -> { });
        for (ConfigurationResult c : r.results()) {
            double[] auc = c.trials().stream().mapToDouble(Trial::auc).toArray();
            c.trials().forEach(t -> System.out.printf(Locale.ROOT, "%s\tseed %d\taccuracy %.4f\tAUC %.4f%n", c.configuration().name(),
                    t.seed(), t.accuracy(), t.auc()));
            double mean = Arrays.stream(auc).average().orElse(Double.NaN);
            double sd = Math.sqrt(Arrays.stream(auc).map(a -> (a - mean) * (a - mean)).sum() / (auc.length - 1));
            System.out.printf(Locale.ROOT, "%s: %d seeds, AUC mean %.4f (standard error %.4f), median %.4f, sd %.4f, below 0.5: %d%n",
                    c.configuration().name(), auc.length, mean, sd / Math.sqrt(auc.length), c.auc().median(), sd,
                    Arrays.stream(auc).filter(a -> a < 0.5).count());
        }
    }
}
