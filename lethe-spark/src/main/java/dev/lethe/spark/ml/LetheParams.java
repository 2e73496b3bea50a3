package dev.lethe.spark.ml;

import dev.lethe.model.InvalidInputException;
import dev.lethe.model.LetheException;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;

/**
 * The parameters {@link LetheEstimator} and {@link LetheModel} share: the Lethe family and its
 * settings ({@code key=value,key=value}, as {@code lethe train --set}), the seed, and the label,
 * record ID, subject and feature columns (no feature columns: every other column). Spark ML finds
 * them through the public accessors, which both stages inherit from here.
 */
public interface LetheParams extends Params {

    /** The parameter objects of one stage, owned by it. */
    final class Set implements Serializable {
        private static final long serialVersionUID = 1L;
        final Param<String> family;
        final Param<String> settings;
        final LongParam seed;
        final Param<String> labelCol;
        final Param<String> idCol;
        final Param<String> subjectCol;
        final StringArrayParam featuresCols;
        final Param<String> shardsAt;

        Set(Params owner) {
            family = new Param<>(owner, "family", "the Lethe model family, e.g. nb, ridge, sisa, forest");
            settings = new Param<>(owner, "settings", "the family's settings as key=value,key=value");
            seed = new LongParam(owner, "seed", "the training seed");
            labelCol = new Param<>(owner, "labelCol", "the label column");
            idCol = new Param<>(owner, "idCol", "the record ID column");
            subjectCol = new Param<>(owner, "subjectCol", "the data-subject column");
            featuresCols = new StringArrayParam(owner, "featuresCols", "the feature columns (empty: all others)");
            shardsAt = new Param<>(owner, "shardsAt", "sisa: the directory URI (file:, hdfs:, s3a:) where each shard is "
                    + "kept as a file (empty: in the model)");
        }

        void defaults(Params owner) {
            owner.setDefault(settings, "");
            owner.setDefault(shardsAt, "");
            owner.setDefault(seed, 1L);
            owner.setDefault(labelCol, "label");
            owner.setDefault(idCol, "lethe_record_id");
            owner.setDefault(subjectCol, "subject");
            owner.setDefault(featuresCols, new String[0]);
        }
    }

    Set letheParams();

    default Param<String> family() {
        return letheParams().family;
    }

    default Param<String> settings() {
        return letheParams().settings;
    }

    default LongParam seed() {
        return letheParams().seed;
    }

    default Param<String> labelCol() {
        return letheParams().labelCol;
    }

    default Param<String> idCol() {
        return letheParams().idCol;
    }

    default Param<String> subjectCol() {
        return letheParams().subjectCol;
    }

    default StringArrayParam featuresCols() {
        return letheParams().featuresCols;
    }

    default Param<String> shardsAt() {
        return letheParams().shardsAt;
    }

    /** The settings as a map. */
    default Map<String, String> settingsMap() {
        Map<String, String> m = new LinkedHashMap<>();
        String s = getOrDefault(settings());
        if (s == null || s.isBlank()) {
            return m;
        }
        for (String kv : s.split(",")) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new InvalidInputException("param 'settings': expected key=value pairs separated by commas, got "
                        + LetheException.quote(kv));
            }
            m.put(kv.substring(0, eq).strip(), kv.substring(eq + 1).strip());
        }
        return m;
    }
}
