package dev.lethe.data;

/** What a reader does with a missing value ({@code NA} or an empty field). */
public enum MissingPolicy {
    /** Reject the file, naming the first missing value's line and column. The default. */
    REJECT,
    /** Drop every row with a missing feature or target, and report how many. */
    DROP,
    /** Replace a missing feature by the column's mean (numeric) or most frequent level (categorical). */
    IMPUTE
}
