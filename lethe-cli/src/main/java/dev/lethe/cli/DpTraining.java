package dev.lethe.cli;

import dev.lethe.model.LetheException;
import dev.lethe.model.Settings;
import dev.lethe.djl.dp.DpCnnFamily;
import dev.lethe.djl.dp.DpMlpFamily;
import dev.lethe.privacy.dpsgd.DpLogisticFamily;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What {@code lethe train --dp epsilon=E,delta=D[,clip=C]} means: the DP-SGD variant of the family, and its settings. */
final class DpTraining {

    private static final Set<String> KEYS = Set.of("epsilon", "delta", "clip", "unit");

    private DpTraining() {
    }

    /** The family that trains {@code family} by DP-SGD: logistic, mlp and cnn have one. */
    static String family(String family) {
        if (family.equals("logistic") || family.equals(DpLogisticFamily.NAME)) {
            return DpLogisticFamily.NAME;
        }
        if (family.equals("mlp") || family.equals(DpMlpFamily.NAME)) {
            return DpMlpFamily.NAME;
        }
        if (family.equals("cnn") || family.equals(DpCnnFamily.NAME)) {
            return DpCnnFamily.NAME;
        }
        throw new Main.UserError("--dp: DP-SGD is available for --model logistic, mlp and cnn only, not " + LetheException.quote(family));
    }

    /** A line for {@code lethe models} saying a family's differential-privacy guarantee, if it has one. */
    static java.util.Optional<String> describe(String family, Map<String, String> settings) {
        if (!Set.of(DpLogisticFamily.NAME, DpMlpFamily.NAME, DpCnnFamily.NAME).contains(family)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("  differential privacy: DP-SGD to ε = " + settings.getOrDefault("epsilon", "1.0") + ", δ = "
                + settings.getOrDefault("delta", "1.0E-5") + " per " + settings.getOrDefault("dp.privacyUnit", "record") + " ("
                + settings.getOrDefault("dp.accountant", new dev.lethe.privacy.dp.RdpAccountant().describe()) + ")");
    }

    static Map<String, String> settings(List<String> pairs) {
        Map<String, String> parsed = Settings.parse(pairs);
        for (String key : parsed.keySet()) {
            if (!KEYS.contains(key)) {
                throw new Main.UserError("--dp takes epsilon=E,delta=D[,clip=C][,unit=record|subject], not " + LetheException.quote(key));
            }
        }
        if (!parsed.containsKey("epsilon") || !parsed.containsKey("delta")) {
            throw new Main.UserError("--dp needs both epsilon=E and delta=D");
        }
        return parsed;
    }
}
