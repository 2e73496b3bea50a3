package dev.lethe.awareness.pii;

import java.util.Locale;

/**
 * Person names by value: one to four capitalised words (hyphens, apostrophes and accents allowed,
 * or "Surname, Given"). A word found among common given names or surnames makes it strong; the shape
 * alone is weak (city names and product names have it too).
 */
final class PersonNames {

    private PersonNames() {
    }

    static Match match(String v) {
        if (v.length() < 2 || v.length() > 60) {
            return Match.NONE;
        }
        String[] words = v.replace(",", " ").trim().split("\\s+");
        if (words.length > 4) {
            return Match.NONE;
        }
        boolean known = false;
        for (String w : words) {
            if (!capitalised(w)) {
                return Match.NONE;
            }
            known |= Lexicon.isName(w.toLowerCase(Locale.ROOT));
        }
        return known ? Match.STRONG : Match.WEAK;
    }

    private static boolean capitalised(String w) {
        if (w.isEmpty() || !Character.isUpperCase(w.charAt(0))) {
            return false;
        }
        boolean lower = w.length() == 1;
        for (int i = 1; i < w.length(); i++) {
            char c = w.charAt(i);
            if (Character.isLowerCase(c)) {
                lower = true;
            } else if (!(c == '-' || c == '\'' || c == '.' || Character.isUpperCase(c))) {
                return false;
            }
        }
        return lower;
    }
}
