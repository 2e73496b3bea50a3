package dev.lethe.awareness.pii;

/** Judges single values for one type. */
interface ValueRecogniser {

    PiiType type();

    /**
     * @param value  a non-empty, trimmed cell
     * @param hinted whether the column's name suggests this type (a recogniser may skip costly work
     *               for values that could only match weakly when there is no hint)
     */
    Match match(String value, boolean hinted);
}
