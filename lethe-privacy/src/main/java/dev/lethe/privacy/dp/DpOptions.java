package dev.lethe.privacy.dp;

import dev.lethe.model.InvalidInputException;

/**
 * The privacy parameters of one release: ε, δ (0 when not given), the clamping bounds of the
 * values, and how many rows one data subject may contribute (the privacy unit is the subject).
 *
 * @param lower NaN when no bounds are given
 */
public record DpOptions(double epsilon, double delta, double lower, double upper, int maxRowsPerSubject) {

    public DpOptions {
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new InvalidInputException("--epsilon must be a positive number, got " + epsilon);
        }
        if (!(delta >= 0 && delta < 1)) {
            throw new InvalidInputException("--delta must be in [0, 1), got " + delta);
        }
        if (Double.isNaN(lower) != Double.isNaN(upper) || Double.isInfinite(lower) || Double.isInfinite(upper)) {
            throw new InvalidInputException("--bounds must be two finite numbers L,U, got " + lower + "," + upper);
        }
        if (lower > upper) {
            throw new InvalidInputException("--bounds L,U needs L ≤ U, got L = " + lower + " > U = " + upper);
        }
        if (maxRowsPerSubject < 1) {
            throw new InvalidInputException("--max-rows-per-subject must be at least 1, got " + maxRowsPerSubject);
        }
    }

    public boolean hasBounds() {
        return !Double.isNaN(lower);
    }
}
