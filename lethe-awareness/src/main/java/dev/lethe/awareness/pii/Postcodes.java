package dev.lethe.awareness.pii;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Postcodes of the US (ZIP and ZIP+4), the UK (Royal Mail's outward and inward codes), the
 * Netherlands ({@code 1234 AB}), Germany and France (five digits). The distinctive UK, NL and ZIP+4
 * formats are strong; a bare five-digit number is weak, as many codes and counts have five digits.
 */
final class Postcodes {

    private static final Pattern UK = Pattern.compile("(GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?[0-9][0-9A-HJKMNPR-Y]? ?[0-9][ABD-HJLNP-UW-Z]{2})");
    private static final Pattern NL = Pattern.compile("[1-9][0-9]{3} ?(?!SA|SD|SS)[A-Z]{2}");

    private Postcodes() {
    }

    static Match match(String v) {
        int n = v.length();
        if (n < 5 || n > 10) {
            return Match.NONE;
        }
        if (n == 10 && v.charAt(5) == '-' && Checksums.allDigits(v.substring(0, 5)) && Checksums.allDigits(v.substring(6))) {
            return Match.STRONG; // ZIP+4
        }
        if (n == 5 && Checksums.allDigits(v)) {
            return v.startsWith("00") ? Match.NONE : Match.WEAK; // ZIP, PLZ, code postal
        }
        if (!Character.isLetterOrDigit(v.charAt(0))) {
            return Match.NONE;
        }
        String upper = v.toUpperCase(Locale.ROOT);
        return UK.matcher(upper).matches() || NL.matcher(upper).matches() ? Match.STRONG : Match.NONE;
    }
}
