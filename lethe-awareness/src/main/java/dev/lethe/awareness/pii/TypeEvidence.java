package dev.lethe.awareness.pii;

/**
 * One type detected in a column and why: how many sampled values matched, the column-name hint (or
 * {@code null}), and a detail (the types found inside free text, the ages of dates of birth).
 * Never holds a value of the column: the evidence outlives the data it describes.
 *
 * @param confidence in [0, 1]; at least {@link #REPORTED} to be reported, {@link #HIGH} and above is high
 */
public record TypeEvidence(PiiType type, double confidence, int matched, int sampled, String nameHint, String detail) {

    public static final double REPORTED = 0.5;
    public static final double HIGH = 0.8;

    public boolean high() {
        return confidence >= HIGH;
    }

    /** A type a user set by hand ({@code lethe data tag}): full confidence, no sampled evidence. */
    public static TypeEvidence confirmed(PiiType type) {
        return new TypeEvidence(type, 1.0, 0, 0, null, "confirmed by a user");
    }
}
