package dev.lethe.privacy.dpsgd;

import dev.lethe.data.Dataset;
import dev.lethe.model.Learner;
import dev.lethe.model.Provenance;
import dev.lethe.model.TrainingProgress;
import dev.lethe.model.TrainingRecords;
import java.util.LinkedHashMap;
import java.util.Map;

/** Trains {@link DpLogisticModel}s by DP-SGD to a target (ε, δ); the privacy unit is one training record. */
public record DpLogisticLearner(Options options, long seed, TrainingProgress progress) implements Learner<DpLogisticModel> {

    /**
     * @param clip   the per-example gradient norm bound C
     * @param epochs passes over the data (steps = ⌈epochs / q⌉)
     * @param batch  the expected batch size (q = batch / n)
     * @param rate   the learning rate
     * @param scale  a data-independent factor for numeric features (1/255 for pixels, say)
     * @param unit   what the guarantee protects: one record, or one subject with all their records
     */
    public record Options(double epsilon, double delta, double clip, double epochs, int batch, double rate, double scale,
                          PrivacyUnit unit) {

        /** Options whose privacy unit is the record. */
        public Options(double epsilon, double delta, double clip, double epochs, int batch, double rate, double scale) {
            this(epsilon, delta, clip, epochs, batch, rate, scale, PrivacyUnit.RECORD);
        }

        public Options {
            DpSettings.check(name -> "dp-logistic " + name, epsilon, delta, clip, epochs, batch, rate, scale);
        }
    }

    @Override
    public String family() {
        return DpLogisticFamily.NAME;
    }

    @Override
    public Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("epsilon", Double.toString(options.epsilon()));
        s.put("delta", Double.toString(options.delta()));
        s.put("clip", Double.toString(options.clip()));
        s.put("epochs", Double.toString(options.epochs()));
        s.put("batch", Integer.toString(options.batch()));
        s.put("rate", Double.toString(options.rate()));
        s.put("scale", Double.toString(options.scale()));
        s.put("unit", options.unit().label());
        return s;
    }

    @Override
    public Learner<DpLogisticModel> withProgress(TrainingProgress listener) {
        return new DpLogisticLearner(options, seed, listener);
    }

    @Override
    public DpLogisticModel fit(Dataset data) {
        DpSgd.Run run = DpSgd.plan(options.unit().groups(data).length, options);
        double[][] w = DpSgd.train(data, options, seed, run, progress);
        Map<String, String> settings = new LinkedHashMap<>(settings());
        settings.putAll(DpLogisticModel.guaranteeOf(run, options));
        Provenance p = Provenance.of(family(), settings, seed, data.fingerprint(), data.size());
        return new DpLogisticModel(p, new TrainingRecords(data), options, w);
    }
}
