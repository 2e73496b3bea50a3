package dev.lethe.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.data.Attribute;
import dev.lethe.data.Dataset;
import dev.lethe.data.Schema;
import dev.lethe.model.ExactnessReport;
import dev.lethe.model.Learner;
import dev.lethe.model.ModelFile;
import dev.lethe.model.RetrainCheck;
import dev.lethe.model.UnlearnableModel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Assertions that a model equals the same learner retrained from scratch on D \ S. */
public final class Exactness {

    private Exactness() {
    }

    /**
     * Retrains {@code learner} on {@code data} minus the model's forget history and asserts that
     * probabilities (or predictions) and parameters agree within {@code tolerance} on every row of {@code data}.
     */
    public static ExactnessReport assertMatchesRetrained(UnlearnableModel model, Learner<?> learner, Dataset data,
                                                         double tolerance) {
        Dataset remaining = model.history().applyTo(data);
        UnlearnableModel retrained = learner.fit(remaining);
        ExactnessReport report = RetrainCheck.compare(model, retrained, data, tolerance, 0);
        assertThat(report.maxOutputDifference()).as("largest output difference from retraining (%s)", report.note())
                .isLessThanOrEqualTo(tolerance);
        assertThat(report.maxParameterDifference()).as("largest parameter difference from retraining")
                .isLessThanOrEqualTo(tolerance);
        assertSameDictionaries(model, retrained, data);
        return report;
    }

    /** Levels at least this long are searched for in a model file's bytes. */
    private static final int DISTINCTIVE = 4;

    /**
     * Asserts that the model's dictionaries are the retrained model's (as sets of values in use, per
     * column and for the classes), and that its file holds no value of {@code data}'s dictionaries that
     * the retrained model does not know: a value only forgotten records had has left the model.
     */
    public static void assertSameDictionaries(UnlearnableModel model, UnlearnableModel retrained, Dataset data) {
        assertThat(dictionaries(model.schema())).as("dictionaries after forgetting vs retrained")
                .isEqualTo(dictionaries(retrained.schema()));
        String bytes = new String(ModelFile.toBytes(model), StandardCharsets.ISO_8859_1);
        for (String gone : unknownTo(retrained.schema(), data.schema())) {
            if (gone.length() < DISTINCTIVE) {
                continue; // a one-letter level would match unrelated bytes
            }
            assertThat(bytes).as("model file bytes after forgetting every record with '%s'", gone)
                    .doesNotContain(new String(gone.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
        }
    }

    /** The live levels of every categorical column and of the classes, by column name; empty dictionaries left out. */
    public static Map<String, Set<String>> dictionaries(Schema schema) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        List<Attribute> all = new ArrayList<>(schema.features());
        all.add(schema.target());
        for (Attribute a : all) {
            if (a.isCategorical() && a.numLiveLevels() > 0) {
                out.put(a.name(), new TreeSet<>(a.liveLevels()));
            }
        }
        return out;
    }

    /** Levels of {@code data}'s dictionaries that {@code model} does not know. */
    public static Set<String> unknownTo(Schema model, Schema data) {
        Map<String, Set<String>> known = dictionaries(model);
        Set<String> out = new TreeSet<>();
        dictionaries(data).forEach((column, levels) -> {
            for (String level : levels) {
                if (!known.getOrDefault(column, Set.of()).contains(level)) {
                    out.add(level);
                }
            }
        });
        return out;
    }
}
