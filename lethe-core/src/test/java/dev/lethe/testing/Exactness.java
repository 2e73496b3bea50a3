package dev.lethe.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.data.Dataset;
import dev.lethe.model.ExactnessReport;
import dev.lethe.model.Learner;
import dev.lethe.model.RetrainCheck;
import dev.lethe.model.UnlearnableModel;

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
        return report;
    }
}
