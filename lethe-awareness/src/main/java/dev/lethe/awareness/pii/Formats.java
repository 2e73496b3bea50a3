package dev.lethe.awareness.pii;

import java.time.LocalDate;
import java.util.Map;

/**
 * Hand-written checks of the formats the scan recognises, without regular expressions on the hot
 * path: each rejects on the first wrong character, so that the scan of a wide table stays fast.
 */
final class Formats {

    private Formats() {
    }

    /** An address of RFC 5321's common form: local@domain with a dotted domain and an alphabetic TLD. */
    static boolean email(String v) {
        int at = v.indexOf('@');
        if (at <= 0 || at != v.lastIndexOf('@') || v.length() > 254 || at > 64) {
            return false;
        }
        for (int i = 0; i < at; i++) {
            char c = v.charAt(i);
            if (!(Character.isLetterOrDigit(c) || ".!#$%&'*+/=?^_`{|}~-".indexOf(c) >= 0)) {
                return false;
            }
        }
        String domain = v.substring(at + 1);
        int dot = domain.lastIndexOf('.');
        if (dot <= 0 || dot > domain.length() - 3 || domain.startsWith("-") || domain.contains("..")) {
            return false;
        }
        for (int i = 0; i < domain.length(); i++) {
            char c = domain.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '-' || c == '.')) {
                return false;
            }
        }
        for (int i = dot + 1; i < domain.length(); i++) {
            if (!Character.isLetter(domain.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The four octets of a dotted-quad IPv4 address (no leading zeros), or {@code null}. */
    static int[] ipv4(String v) {
        int[] octets = new int[4];
        int part = 0;
        int value = -1;
        int digits = 0;
        for (int i = 0; i <= v.length(); i++) {
            char c = i == v.length() ? '.' : v.charAt(i);
            if (c == '.') {
                if (digits == 0 || part == 4) {
                    return null;
                }
                octets[part++] = value;
                value = -1;
                digits = 0;
            } else if (c >= '0' && c <= '9') {
                if (digits > 0 && value == 0) {
                    return null;
                }
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (++digits > 3 || value > 255) {
                    return null;
                }
            } else {
                return null;
            }
        }
        return part == 4 ? octets : null;
    }

    /** An IPv6 address in RFC 5952 text form: up to eight hex groups, at most one "::", optional IPv4 tail. */
    static boolean ipv6(String v) {
        if (v.length() < 2 || v.length() > 45 || v.indexOf(':') < 0) {
            return false;
        }
        int doubleColon = v.indexOf("::");
        if (doubleColon >= 0 && v.indexOf("::", doubleColon + 1) >= 0) {
            return false;
        }
        String[] parts = v.split(":", -1);
        int groups = 0;
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (p.isEmpty()) {
                continue;
            }
            if (i == parts.length - 1 && p.indexOf('.') >= 0) {
                if (ipv4(p) == null) {
                    return false;
                }
                groups += 2;
                continue;
            }
            if (p.length() > 4) {
                return false;
            }
            for (int k = 0; k < p.length(); k++) {
                if (Character.digit(p.charAt(k), 16) < 0) {
                    return false;
                }
            }
            groups++;
        }
        return doubleColon >= 0 ? groups < 8 : groups == 8 && parts.length == 8;
    }

    /** A MAC-48 address: six hex pairs joined by ':' or '-', or three hex quads joined by '.'. */
    static boolean mac(String v) {
        if (v.length() == 17) {
            char sep = v.charAt(2);
            if (sep != ':' && sep != '-') {
                return false;
            }
            for (int i = 0; i < 17; i++) {
                if (i % 3 == 2 ? v.charAt(i) != sep : Character.digit(v.charAt(i), 16) < 0) {
                    return false;
                }
            }
            return true;
        }
        if (v.length() == 14) {
            for (int i = 0; i < 14; i++) {
                if (i % 5 == 4 ? v.charAt(i) != '.' : Character.digit(v.charAt(i), 16) < 0) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** An absolute http(s)/ftp URL or a "www." host, without spaces. */
    static boolean url(String v) {
        String lower = v.length() > 8 ? v.substring(0, 8).toLowerCase(java.util.Locale.ROOT) : v.toLowerCase(java.util.Locale.ROOT);
        int hostStart = lower.startsWith("https://") ? 8 : lower.startsWith("http://") ? 7 : lower.startsWith("ftp://") ? 6
                : lower.startsWith("www.") ? 0 : -1;
        if (hostStart < 0 || v.length() <= hostStart + 3 || v.indexOf(' ') >= 0) {
            return false;
        }
        int end = v.indexOf('/', hostStart);
        String host = v.substring(hostStart, end < 0 ? v.length() : end);
        return host.indexOf('.') > 0 && !host.endsWith(".");
    }

    /** Lengths of the IBAN of each country (ISO 13616 registry, the countries most often met). */
    private static final Map<String, Integer> IBAN_LENGTHS = Map.ofEntries(Map.entry("AT", 20), Map.entry("BE", 16),
            Map.entry("BG", 22), Map.entry("CH", 21), Map.entry("CY", 28), Map.entry("CZ", 24), Map.entry("DE", 22),
            Map.entry("DK", 18), Map.entry("EE", 20), Map.entry("ES", 24), Map.entry("FI", 18), Map.entry("FR", 27),
            Map.entry("GB", 22), Map.entry("GR", 27), Map.entry("HR", 21), Map.entry("HU", 28), Map.entry("IE", 22),
            Map.entry("IS", 26), Map.entry("IT", 27), Map.entry("LI", 21), Map.entry("LT", 20), Map.entry("LU", 20),
            Map.entry("LV", 21), Map.entry("MC", 27), Map.entry("MT", 31), Map.entry("NL", 18), Map.entry("NO", 15),
            Map.entry("PL", 28), Map.entry("PT", 25), Map.entry("RO", 24), Map.entry("SE", 24), Map.entry("SI", 19),
            Map.entry("SK", 24), Map.entry("SM", 27), Map.entry("TR", 26), Map.entry("SA", 24), Map.entry("AE", 23),
            Map.entry("IL", 23), Map.entry("BR", 29), Map.entry("QA", 29), Map.entry("UA", 29));

    /** An IBAN, compact or in groups of four, with the country's length and a valid MOD 97 checksum. */
    static boolean iban(String v) {
        String compact = compact(v, ' ').toUpperCase(java.util.Locale.ROOT);
        if (compact.length() < 15 || compact.length() > 34) {
            return false;
        }
        Integer length = IBAN_LENGTHS.get(compact.substring(0, 2));
        return length != null && length == compact.length() && Character.isDigit(compact.charAt(2))
                && Character.isDigit(compact.charAt(3)) && Checksums.iban(compact);
    }

    /**
     * A payment card number: 12–19 digits (spaces or hyphens allowed), the Luhn check, and an issuer
     * prefix with a length that issuer uses (ISO/IEC 7812 IIN ranges of the major networks).
     */
    static boolean card(String v) {
        String d = compact(compact(v, ' '), '-');
        int n = d.length();
        if (n < 12 || n > 19 || !Checksums.allDigits(d) || !Checksums.luhn(d)) {
            return false;
        }
        int p2 = Integer.parseInt(d.substring(0, 2));
        int p4 = Integer.parseInt(d.substring(0, 4));
        int p3 = Integer.parseInt(d.substring(0, 3));
        if (d.charAt(0) == '4') {
            return n == 13 || n == 16 || n == 19; // Visa
        }
        if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) {
            return n == 16; // Mastercard
        }
        if (p2 == 34 || p2 == 37) {
            return n == 15; // American Express
        }
        if (p4 == 6011 || p2 == 65 || (p3 >= 644 && p3 <= 649)) {
            return n >= 16; // Discover
        }
        if (p4 >= 3528 && p4 <= 3589) {
            return n >= 16; // JCB
        }
        if (p2 == 36 || p2 == 38 || (p3 >= 300 && p3 <= 305)) {
            return n >= 14; // Diners Club
        }
        if (p2 == 62) {
            return n >= 16; // UnionPay
        }
        return (p4 == 5018 || p4 == 5020 || p4 == 5038 || p4 == 6304 || p2 == 67) && n >= 12; // Maestro
    }

    /** The value without any {@code sep} characters. */
    static String compact(String v, char sep) {
        if (v.indexOf(sep) < 0) {
            return v;
        }
        StringBuilder b = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            if (v.charAt(i) != sep) {
                b.append(v.charAt(i));
            }
        }
        return b.toString();
    }

    /**
     * A calendar date in a common written form: ISO {@code 2024-03-31} (optionally with a time),
     * {@code 31/03/2024}, {@code 03/31/2024}, {@code 31.03.2024}, {@code 31-03-2024}; or {@code null}.
     */
    static LocalDate date(String v) {
        int n = v.length();
        if (n < 8 || n > 30) {
            return null;
        }
        if (n >= 10 && v.charAt(4) == '-' && v.charAt(7) == '-') {
            if (n > 10 && v.charAt(10) != 'T' && v.charAt(10) != ' ') {
                return null;
            }
            return of(num(v, 0, 4), num(v, 5, 7), num(v, 8, 10));
        }
        if (n == 10 && (v.charAt(2) == '/' || v.charAt(2) == '.' || v.charAt(2) == '-') && v.charAt(5) == v.charAt(2)) {
            int a = num(v, 0, 2);
            int b = num(v, 3, 5);
            int year = num(v, 6, 10);
            LocalDate dayFirst = of(year, b, a);
            return dayFirst != null || v.charAt(2) != '/' ? dayFirst : of(year, a, b);
        }
        return null;
    }

    private static LocalDate of(int year, int month, int day) {
        if (year < 1850 || year > 2200 || month < 1 || month > 12 || day < 1 || day > 31) {
            return null;
        }
        try {
            return LocalDate.of(year, month, day);
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    private static int num(String v, int from, int to) {
        int x = 0;
        for (int i = from; i < to; i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            x = x * 10 + c - '0';
        }
        return x;
    }

    /** Whether every character is an ASCII digit or one of {@code allowed}, with {@code min}–{@code max} digits. */
    static boolean digitsWith(String v, String allowed, int min, int max) {
        int digits = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (allowed.indexOf(c) < 0) {
                return false;
            }
        }
        return digits >= min && digits <= max;
    }
}
