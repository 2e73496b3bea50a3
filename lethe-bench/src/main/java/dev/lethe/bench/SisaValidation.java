package dev.lethe.bench;

import dev.lethe.data.Dataset;
import dev.lethe.data.IdxReader;
import dev.lethe.model.Evaluation;
import dev.lethe.model.Learner;
import dev.lethe.model.Model;
import dev.lethe.model.ModelFamilies;
import dev.lethe.model.ModelFamily;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Tunes SISA's recipe without looking at the test set: trains SISA (Bourtoule et al., IEEE S&amp;P
 * 2021) and its monolithic baseline (the base learner with the same settings, on all the rows) on
 * 50,000 of MNIST's 60,000 training images and reports both accuracies on the other 10,000. This is
 * how the base learner's {@code shift=1} was chosen; {@code lethe bench forget} then reports the
 * figures on MNIST's own test set.
 *
 * <pre>
 *   java -cp lethe-cli/target/lethe.jar dev.lethe.bench.SisaValidation MNIST_DIR base=mlp shards=16 slices=4 \
 *        base.hidden=128 base.epochs=20 base.batch=32 base.scaling=global base.shift=1
 * </pre>
 */
public final class SisaValidation {

    /** Rows of MNIST's training set that train; the rest validate. */
    static final int TRAIN_ROWS = 50_000;

    /** Accuracies on the validation rows. */
    public record Result(double sisa, double monolithic) {
        public double gap() {
            return monolithic - sisa;
        }
    }

    private SisaValidation() {
    }

    /** Fits SISA with {@code settings} and its monolithic baseline on {@code train}; evaluates both on {@code validation}. */
    public static Result compare(Map<String, String> settings, Dataset train, Dataset validation, long seed) {
        ModelFamily sisa = ModelFamilies.byName("sisa");
        Learner<?> baseline = sisa.monolithicBaseline(settings, seed).orElseThrow();
        Model sharded = sisa.learner(settings, seed).fit(train);
        Model monolithic = baseline.fit(train);
        return new Result(Evaluation.of(sharded, validation).accuracy(), Evaluation.of(monolithic, validation).accuracy());
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: SisaValidation MNIST_DIR [key=value ...]");
            System.exit(2);
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            settings.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        Dataset all = IdxReader.read(Path.of(args[0])).dataset();
        Dataset.Split split = all.split(TRAIN_ROWS / (double) all.size(), 7);
        Result r = compare(settings, split.first(), split.second(), 42);
        System.out.printf(Locale.ROOT, "{\"settings\":\"%s\",\"validation_rows\":%d,\"accuracy\":%.4f,\"accuracy_monolithic\":%.4f,"
                + "\"gap_points\":%.2f}%n", settings, split.second().size(), r.sisa(), r.monolithic(), 100 * r.gap());
    }
}
