package dev.lethe.awareness.pii;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Free-text columns (comments, notes, messages) and the personal data written inside them: e-mail
 * addresses, international phone numbers, IBANs, card numbers, IP addresses, URLs, SSNs, NI numbers,
 * dates and "Given Surname" pairs of known names.
 */
final class FreeText {

    /** At most this many values of a text column are tokenised. */
    private static final int TEXT_SAMPLE = 2000;
    private static final PhoneRecogniser PHONE = new PhoneRecogniser();
    private static final String PUNCTUATION = ".,;:!?()[]{}<>\"'";

    private FreeText() {
    }

    /** Text: values of three or more words for at least half of the sample, 20 characters long on average. */
    static boolean isText(List<String> values) {
        if (values.isEmpty()) {
            return false;
        }
        int wordy = 0;
        long chars = 0;
        int n = Math.min(values.size(), TEXT_SAMPLE);
        for (int i = 0; i < n; i++) {
            String v = values.get(i);
            chars += v.length();
            int spaces = 0;
            for (int k = 0; k < v.length() && spaces < 3; k++) {
                spaces += v.charAt(k) == ' ' ? 1 : 0;
            }
            wordy += spaces >= 3 ? 1 : 0;
        }
        return wordy * 2 >= n && chars >= 20L * n;
    }

    /** The free-text finding, when the column is text and at least 5% of its values hold personal data. */
    static Optional<TypeEvidence> judge(List<String> values, String hint) {
        if (!isText(values)) {
            return Optional.empty();
        }
        int n = Math.min(values.size(), TEXT_SAMPLE);
        Map<PiiType, Integer> inside = new EnumMap<>(PiiType.class);
        int withAny = 0;
        for (int i = 0; i < n; i++) {
            Map<PiiType, Boolean> here = new EnumMap<>(PiiType.class);
            scan(values.get(i), here);
            here.keySet().forEach(t -> inside.merge(t, 1, Integer::sum));
            withAny += here.isEmpty() ? 0 : 1;
        }
        double share = (double) withAny / n;
        if (share < 0.05) {
            return Optional.empty();
        }
        String detail = "contains " + inside.entrySet().stream().map(e -> e.getKey().label() + " ×" + e.getValue())
                .collect(Collectors.joining(", "));
        double confidence = ColumnScanner.round(Math.min(0.97, 0.6 + 0.7 * share + (hint != null ? 0.05 : 0)));
        return Optional.of(new TypeEvidence(PiiType.FREE_TEXT_WITH_PII, confidence, withAny, n, hint, detail));
    }

    private static void scan(String text, Map<PiiType, Boolean> found) {
        String[] tokens = text.split("\\s+");
        for (int i = 0; i < tokens.length; i++) {
            String t = strip(tokens[i]);
            if (t.isEmpty()) {
                continue;
            }
            if (t.indexOf('@') > 0 && Formats.email(t)) {
                found.put(PiiType.EMAIL, true);
            } else if (Formats.url(t)) {
                found.put(PiiType.URL, true);
            } else if (Formats.ipv4(t) != null) {
                found.put(PiiType.IP_ADDRESS, true);
            } else if (Formats.date(t) != null) {
                found.put(PiiType.DATE, true);
            } else if (Recognisers.nino(t) && t.length() == 9) {
                found.put(PiiType.UK_NINO, true);
            } else if (t.length() == 11 && t.charAt(3) == '-' && t.charAt(6) == '-' && Checksums.ssnRanges(Formats.compact(t, '-'))) {
                found.put(PiiType.US_SSN, true);
            } else if (t.length() >= 15 && Character.isLetter(t.charAt(0)) && Formats.iban(t)) {
                found.put(PiiType.IBAN, true);
            } else if (t.startsWith("+")) {
                StringBuilder phone = new StringBuilder(t);
                for (int k = i + 1; k < tokens.length && k < i + 5 && Checksums.allDigits(strip(tokens[k])); k++) {
                    phone.append(' ').append(strip(tokens[k]));
                }
                if (PHONE.match(phone.toString(), false) == Match.STRONG) {
                    found.put(PiiType.PHONE, true);
                }
            } else if (t.length() >= 13 && Checksums.allDigits(t) && Formats.card(t)) {
                found.put(PiiType.PAYMENT_CARD, true);
            } else if (i + 1 < tokens.length && Character.isUpperCase(t.charAt(0)) && Lexicon.isName(t.toLowerCase(Locale.ROOT))) {
                String next = strip(tokens[i + 1]);
                if (!next.isEmpty() && Character.isUpperCase(next.charAt(0)) && PersonNames.match(t + " " + next) == Match.STRONG
                        && i > 0) {
                    found.put(PiiType.PERSON_NAME, true);
                }
            }
        }
    }

    private static String strip(String t) {
        int a = 0;
        int b = t.length();
        while (a < b && PUNCTUATION.indexOf(t.charAt(a)) >= 0) {
            a++;
        }
        while (b > a && PUNCTUATION.indexOf(t.charAt(b - 1)) >= 0) {
            b--;
        }
        return t.substring(a, b);
    }
}
