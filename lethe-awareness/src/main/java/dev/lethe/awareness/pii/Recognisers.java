package dev.lethe.awareness.pii;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;

/** The value recognisers of every type that values alone can show (dates of birth and free text are judged per column). */
final class Recognisers {

    private Recognisers() {
    }

    private record Simple(PiiType type, BiFunction<String, Boolean, Match> f) implements ValueRecogniser {
        @Override
        public Match match(String value, boolean hinted) {
            return f.apply(value, hinted);
        }
    }

    static List<ValueRecogniser> all() {
        List<ValueRecogniser> all = new ArrayList<>();
        all.add(strong(PiiType.EMAIL, Formats::email));
        all.add(new PhoneRecogniser());
        all.add(strong(PiiType.IBAN, Formats::iban));
        all.add(strong(PiiType.PAYMENT_CARD, Formats::card));
        all.add(new Simple(PiiType.IP_ADDRESS, (v, h) -> ip(v)));
        all.add(strong(PiiType.MAC_ADDRESS, Formats::mac));
        all.add(strong(PiiType.URL, Formats::url));
        all.add(strong(PiiType.DATE, v -> Formats.date(v) != null));
        all.add(new Simple(PiiType.POSTCODE, (v, h) -> Postcodes.match(v)));
        all.add(new Simple(PiiType.US_SSN, (v, h) -> ssn(v)));
        all.add(strong(PiiType.UK_NINO, Recognisers::nino));
        all.add(new Simple(PiiType.UK_NHS_NUMBER, (v, h) -> spacedDigits(v, 10, Checksums::nhs)));
        all.add(new Simple(PiiType.DE_TAX_ID, (v, h) -> spacedDigits(v, 11, Checksums::deTaxId)));
        all.add(strong(PiiType.FR_NIR, v -> Checksums.frNir(Formats.compact(v, ' ').toUpperCase(Locale.ROOT))));
        all.add(new Simple(PiiType.NL_BSN, (v, h) -> spacedDigits(v, 9, Checksums::bsn)));
        all.add(strong(PiiType.ES_DNI_NIE, v -> Checksums.esDniNie(Formats.compact(v, '-').toUpperCase(Locale.ROOT))));
        all.add(strong(PiiType.IT_CODICE_FISCALE, v -> Checksums.itCodiceFiscale(v.toUpperCase(Locale.ROOT))));
        all.add(new Simple(PiiType.PERSON_NAME, (v, h) -> PersonNames.match(v)));
        all.add(new Simple(PiiType.COORDINATES, (v, h) -> coordinates(v)));
        for (PiiType t : PiiType.values()) {
            if (t.specialCategory()) {
                all.add(new Simple(t, (v, h) -> special(t, v)));
            }
        }
        return all;
    }

    private static ValueRecogniser strong(PiiType type, java.util.function.Predicate<String> p) {
        return new Simple(type, (v, h) -> p.test(v) ? Match.STRONG : Match.NONE);
    }

    /**
     * An IPv4 or IPv6 address. A dotted quad whose octets are all below 32 is weak: version numbers
     * ({@code 1.2.0.3}) look the same, and real address columns are seldom all that small.
     */
    private static Match ip(String v) {
        int[] octets = Formats.ipv4(v);
        if (octets != null) {
            int max = Math.max(Math.max(octets[0], octets[1]), Math.max(octets[2], octets[3]));
            return max >= 32 ? Match.STRONG : Match.WEAK;
        }
        return Formats.ipv6(v) ? Match.STRONG : Match.NONE;
    }

    /** US SSN: {@code AAA-GG-SSSS} in the assigned ranges is strong; nine bare digits are weak. */
    private static Match ssn(String v) {
        if (v.length() == 11 && v.charAt(3) == '-' && v.charAt(6) == '-') {
            return Checksums.ssnRanges(Formats.compact(v, '-')) ? Match.STRONG : Match.NONE;
        }
        return v.length() == 9 && Checksums.ssnRanges(v) ? Match.WEAK : Match.NONE;
    }

    /** UK National Insurance number: two prefix letters (HMRC's excluded ones refused), six digits, suffix A–D. */
    static boolean nino(String v) {
        String s = Formats.compact(v, ' ').toUpperCase(Locale.ROOT);
        if (s.length() != 9 || !Checksums.allDigits(s.substring(2, 8)) || "ABCD".indexOf(s.charAt(8)) < 0) {
            return false;
        }
        char a = s.charAt(0);
        char b = s.charAt(1);
        if (a < 'A' || a > 'Z' || b < 'A' || b > 'Z' || "DFIQUV".indexOf(a) >= 0 || "DFIOQUV".indexOf(b) >= 0) {
            return false;
        }
        return !List.of("BG", "GB", "NK", "KN", "TN", "NT", "ZZ").contains(s.substring(0, 2));
    }

    /**
     * A digit string of {@code length} digits (spaces or hyphens allowed) that passes {@code check}: a
     * check digit that a random number passes about one time in ten or eleven, so a column where nearly
     * every value passes is strong evidence.
     */
    private static Match spacedDigits(String v, int length, java.util.function.Predicate<String> check) {
        if (v.length() < length || v.length() > length + 3) {
            return Match.NONE;
        }
        String d = Formats.compact(Formats.compact(v, ' '), '-');
        return d.length() == length && check.test(d) ? Match.STRONG : Match.NONE;
    }

    /**
     * Coordinates: a "lat, lon" pair in range with at least three decimals each is strong; a single
     * number with four or more decimals within ±180 is weak (only beside a "lat"/"lon" name).
     */
    private static Match coordinates(String v) {
        int comma = v.indexOf(',');
        if (comma > 0) {
            Double lat = decimal(v.substring(0, comma).trim(), 3);
            Double lon = decimal(v.substring(comma + 1).trim(), 3);
            return lat != null && lon != null && Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? Match.STRONG : Match.NONE;
        }
        Double x = decimal(v, 4);
        return x != null && Math.abs(x) <= 180 ? Match.WEAK : Match.NONE;
    }

    private static Double decimal(String v, int minDecimals) {
        int dot = v.indexOf('.');
        if (dot < 0 || v.length() - dot - 1 < minDecimals || !Formats.digitsWith(v, ".-", 1, 20) || v.lastIndexOf('-') > 0) {
            return null;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Match special(PiiType type, String v) {
        String lower = v.toLowerCase(Locale.ROOT);
        Match m = Lexicon.special(type, lower);
        if (m == Match.NONE && type == PiiType.HEALTH && icd10(v)) {
            return Match.WEAK;
        }
        return m;
    }

    /** An ICD-10 code such as {@code E11.9}: a letter, two digits, optionally a dot and one to two more. */
    private static boolean icd10(String v) {
        int n = v.length();
        if (n < 3 || n > 6 || !Character.isUpperCase(v.charAt(0)) || !Character.isDigit(v.charAt(1)) || !Character.isDigit(v.charAt(2))) {
            return false;
        }
        return n == 3 || (v.charAt(3) == '.' && n > 4 && Checksums.allDigits(v.substring(4)));
    }
}
