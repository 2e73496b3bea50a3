package dev.lethe.awareness.code;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Which ML framework a module or package is, and which classes only prepare data (their fit trains no model). */
final class Frameworks {

    private static final Map<String, String> PREFIXES = new java.util.LinkedHashMap<>();

    static {
        PREFIXES.put("sklearn", "scikit-learn");
        PREFIXES.put("xgboost", "XGBoost");
        PREFIXES.put("lightgbm", "LightGBM");
        PREFIXES.put("catboost", "CatBoost");
        PREFIXES.put("torch", "PyTorch");
        PREFIXES.put("tensorflow", "TensorFlow/Keras");
        PREFIXES.put("keras", "TensorFlow/Keras");
        PREFIXES.put("transformers", "Hugging Face");
        PREFIXES.put("trl", "Hugging Face");
        PREFIXES.put("pyspark.ml", "Spark MLlib");
        PREFIXES.put("org.apache.spark.ml", "Spark MLlib");
        PREFIXES.put("org.tribuo", "Tribuo");
        PREFIXES.put("ai.djl", "DJL");
        PREFIXES.put("smile", "Smile");
        PREFIXES.put("dev.lethe", "Lethe");
        PREFIXES.put("lethe", "Lethe");
    }

    private static final List<String> PREPARATION = List.of("scaler", "encoder", "imputer", "vectorizer", "binarizer",
            "normalizer", "transformer", "selector", "discretizer", "pca", "assembler", "indexer", "tokenizer", "hashingtf",
            "idf", "splitter", "kfold", "pipeline_steps", "columntransformer", "featurehasher", "labelencoder", "bucketizer");

    private Frameworks() {
    }

    /** The framework of a fully qualified module, package or class name, or {@code null}. */
    static String of(String qualified) {
        if (qualified == null) {
            return null;
        }
        for (Map.Entry<String, String> e : PREFIXES.entrySet()) {
            if (qualified.equals(e.getKey()) || qualified.startsWith(e.getKey() + ".")) {
                return e.getValue();
            }
        }
        return null;
    }

    /** Whether a class only prepares data (a scaler, an encoder, an assembler): fitting it trains no model. */
    static boolean preparation(String className) {
        if (className == null) {
            return false;
        }
        String simple = className.substring(className.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return PREPARATION.stream().anyMatch(simple::contains);
    }

    private static final Set<String> CONTAINERS = Set.of("DMatrix", "QuantileDMatrix", "Dataset", "Pool", "TensorDataset",
            "DataLoader", "DatasetDict");

    /** Whether a class only holds training data for a framework (an XGBoost DMatrix, a PyTorch DataLoader). */
    static boolean container(String className) {
        return className != null && CONTAINERS.contains(className.substring(className.lastIndexOf('.') + 1));
    }

    /**
     * Whether a source text mentions any framework at all. A file that does not cannot import one,
     * so it trains nothing by the scanner's rules and need not be parsed.
     */
    static boolean mentioned(String text) {
        for (String prefix : PREFIXES.keySet()) {
            if (text.contains(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** The frameworks among a file's imports. */
    static Set<String> imported(Iterable<String> imports) {
        Set<String> out = new LinkedHashSet<>();
        for (String i : imports) {
            String f = of(i);
            if (f != null) {
                out.add(f);
            }
        }
        return out;
    }
}
