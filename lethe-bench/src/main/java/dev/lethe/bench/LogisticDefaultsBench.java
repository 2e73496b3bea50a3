package dev.lethe.bench;

import dev.lethe.data.Dataset;
import dev.lethe.data.DatasetReader;
import dev.lethe.data.ReadOptions;
import dev.lethe.model.Evaluation;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.models.linear.LogisticLearner;
import dev.lethe.models.linear.LogisticModel;
import java.nio.file.Path;
import java.util.Locale;

/**
 * How the logistic family's defaults fare on raw data: for each combination of preparation, λ and σ
 * (the other options at their defaults), fits on an 80% split (seed 7), reports held-out accuracy of
 * the unperturbed model (ε = ∞) and of the certified one at training and after the removals, then
 * forgets single records in a fixed random order (policy retrain) and counts the removals that
 * forced a retrain, by reason (budget exhausted, preparation changed). This is how the defaults were
 * chosen (lethe-bench/results/logistic-defaults.md).
 *
 * <p>Usage: {@code LogisticDefaultsBench FILE LABEL [PREPARES] [LAMBDAS] [SIGMAS] [REMOVALS]}, lists
 * comma-separated, e.g. {@code data/credit-g.arff.gz class log1p-standardise,none 1e-3,3e-3 1,3 400}.
 */
public final class LogisticDefaultsBench {

    private LogisticDefaultsBench() {
    }

    public static void main(String[] args) {
        Dataset raw = DatasetReader.read(Path.of(args[0]), ReadOptions.label(args[1])).dataset();
        String prepares = args.length > 2 ? args[2] : "log1p-standardise";
        String lambdas = args.length > 3 ? args[3] : "3e-3";
        String sigmas = args.length > 4 ? args[4] : "1";
        int removals = args.length > 5 ? Integer.parseInt(args[5]) : 400;
        Dataset.Split split = raw.split(0.8, 7);
        Dataset train = split.first();
        Dataset test = split.second();
        System.out.printf(Locale.ROOT, "%s: %d train × %d features, %d test%n", args[0], train.size(), train.numFeatures(), test.size());
        for (String prepare : prepares.split(",")) {
            for (String lambda : lambdas.split(",")) {
                for (String sigma : sigmas.split(",")) {
                    LogisticLearner.Options o = LogisticLearner.Options.defaults()
                            .withPrepare(LogisticLearner.Preparation.valueOf(prepare.toUpperCase(Locale.ROOT).replace('-', '_')))
                            .withLambda(Double.parseDouble(lambda)).withSigma(Double.parseDouble(sigma));
                    run(o, train, test, Math.min(removals, train.size() / 2));
                }
            }
        }
    }

    private static void run(LogisticLearner.Options o, Dataset train, Dataset test, int removals) {
        double unperturbed = Evaluation.of(new LogisticLearner(o.withEpsilon(Double.POSITIVE_INFINITY), 42).fit(train), test).accuracy();
        LogisticModel model = new LogisticLearner(o, 42).fit(train);
        double trained = Evaluation.of(model, test).accuracy();
        long[] ids = train.shuffle(3).recordIds();
        int budget = 0;
        int preparation = 0;
        for (int i = 0; i < removals; i++) {
            ForgetReceipt r = model.forget(ForgetRequest.Records.of(ids[i]));
            String reason = r.details().getOrDefault("retrain_reason", "");
            budget += reason.startsWith("budget") ? 1 : 0;
            preparation += reason.startsWith("preparation") ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "prepare=%s λ=%s σ=%s: accuracy unperturbed %.4f, certified at training %.4f, after %.4f; "
                        + "%d removals: %d retrained (budget), %d retrained (preparation changed)%n", o.prepare().setting(),
                o.lambda(), o.sigma(), unperturbed, trained, Evaluation.of(model, test).accuracy(), removals, budget, preparation);
    }
}
