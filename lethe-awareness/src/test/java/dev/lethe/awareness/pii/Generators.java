package dev.lethe.awareness.pii;

import java.time.LocalDate;
import java.util.List;
import java.util.Random;

/**
 * Values of known types with realistic formats from several countries, with valid check digits
 * (computed here, never copied from real people), and look-alikes that are not personal data.
 */
final class Generators {

    private Generators() {
    }

    static final List<String> GIVEN = List.of("Anna", "Lukas", "Marie", "Pierre", "Camille", "Daan", "Sanne", "Giulia",
            "Marco", "Lucía", "Javier", "Emily", "James", "Priya", "Wei", "Fatima", "Oliver", "Sophie", "Jan", "Ayşe");
    static final List<String> FAMILY = List.of("Müller", "Schmidt", "Dubois", "Moreau", "de Vries", "Jansen", "Rossi",
            "Bianchi", "García", "López", "Smith", "Taylor", "Patel", "Zhang", "Kowalski", "Yılmaz", "Martin", "Evans");

    static String pick(Random r, List<String> xs) {
        return xs.get(r.nextInt(xs.size()));
    }

    static String digits(Random r, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append((char) ('0' + r.nextInt(10)));
        }
        return b.toString();
    }

    static String email(Random r) {
        String[] domains = {"example.com", "mail.de", "example.fr", "posteo.nl", "example.co.uk", "correo.es", "libero.it"};
        String local = ascii(pick(r, GIVEN)).toLowerCase() + (r.nextBoolean() ? "." : "_") + ascii(pick(r, FAMILY)).toLowerCase().replace(" ", "");
        return local + (r.nextInt(3) == 0 ? r.nextInt(100) : "") + "@" + domains[r.nextInt(domains.length)];
    }

    static String ascii(String s) {
        return java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFD).replaceAll("\\p{M}", "").replace("ı", "i");
    }

    static String phone(Random r) {
        return switch (r.nextInt(7)) {
            case 0 -> "+49 30 " + (1000000 + r.nextInt(8999999));
            case 1 -> "+44 20 7" + digits(r, 3) + " " + digits(r, 4);
            case 2 -> "(" + (201 + r.nextInt(7)) + ") 55" + (5 + r.nextInt(4)) + "-" + (1000 + r.nextInt(8999));
            case 3 -> "+33 6 " + digits(r, 2) + " " + digits(r, 2) + " " + digits(r, 2) + " " + digits(r, 2);
            case 4 -> "+31 6 " + (10000000 + r.nextInt(89999999));
            case 5 -> "+34 6" + digits(r, 2) + " " + digits(r, 3) + " " + digits(r, 3);
            default -> "+39 3" + (20 + r.nextInt(9)) + " " + digits(r, 7);
        };
    }

    static String iban(Random r) {
        String[][] countries = {{"DE", "18"}, {"GB", "WEST"}, {"FR", "23"}, {"NL", "ABNA"}, {"ES", "20"}, {"IT", "X"}};
        int c = r.nextInt(countries.length);
        String country = countries[c][0];
        String bban = switch (country) {
            case "DE" -> digits(r, 18);
            case "GB" -> "WEST" + digits(r, 14);
            case "FR" -> digits(r, 23);
            case "NL" -> "ABNA" + digits(r, 10);
            case "ES" -> digits(r, 20);
            default -> "X" + digits(r, 22);
        };
        String check = ibanCheck(country, bban);
        String compact = country + check + bban;
        if (r.nextBoolean()) {
            return compact;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < compact.length(); i++) {
            if (i > 0 && i % 4 == 0) {
                b.append(' ');
            }
            b.append(compact.charAt(i));
        }
        return b.toString();
    }

    private static String ibanCheck(String country, String bban) {
        String moved = bban + country + "00";
        int rem = 0;
        for (char ch : moved.toCharArray()) {
            rem = Character.isDigit(ch) ? (rem * 10 + ch - '0') % 97 : (rem * 100 + ch - 'A' + 10) % 97;
        }
        int check = 98 - rem;
        return check < 10 ? "0" + check : String.valueOf(check);
    }

    static String card(Random r) {
        String prefix = switch (r.nextInt(4)) {
            case 0 -> "4" + digits(r, 5);
            case 1 -> "5" + (1 + r.nextInt(5)) + digits(r, 4);
            case 2 -> "37" + digits(r, 4);
            default -> "6011" + digits(r, 2);
        };
        int length = prefix.startsWith("37") ? 15 : 16;
        String body = prefix + digits(r, length - 1 - prefix.length());
        String full = body + luhnDigit(body);
        return r.nextBoolean() ? full : full.replaceAll("(.{4})(?=.)", "$1 ");
    }

    static char luhnDigit(String body) {
        for (char d = '0'; d <= '9'; d++) {
            if (Checksums.luhn(body + d)) {
                return d;
            }
        }
        throw new AssertionError();
    }

    static String ipv4(Random r) {
        return (r.nextBoolean() ? 10 + r.nextInt(200) : 192) + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
    }

    static String ipv6(Random r) {
        return "2001:db8:" + Integer.toHexString(r.nextInt(65536)) + "::" + Integer.toHexString(r.nextInt(65536)) + ":"
                + Integer.toHexString(1 + r.nextInt(65535));
    }

    static String mac(Random r) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            b.append(i > 0 ? ":" : "").append(String.format("%02x", r.nextInt(256)));
        }
        return b.toString();
    }

    static LocalDate birth(Random r, LocalDate today) {
        return today.minusDays(365L * 18 + r.nextInt(365 * 65));
    }

    static String date(LocalDate d, int style) {
        return switch (style) {
            case 0 -> d.toString();
            case 1 -> String.format("%02d.%02d.%d", d.getDayOfMonth(), d.getMonthValue(), d.getYear());
            case 2 -> String.format("%02d/%02d/%d", d.getDayOfMonth(), d.getMonthValue(), d.getYear());
            default -> String.format("%02d/%02d/%d", d.getMonthValue(), d.getDayOfMonth(), d.getYear());
        };
    }

    static String ukPostcode(Random r) {
        String[] outward = {"SW1A", "EC1A", "M1", "B33", "CR2", "LS1", "G2", "EH1", "CF10", "BS1"};
        String letters = "ABDEFGHJLNPQRSTUWXYZ";
        return outward[r.nextInt(outward.length)] + " " + r.nextInt(10) + letters.charAt(r.nextInt(letters.length()))
                + letters.charAt(r.nextInt(letters.length()));
    }

    static String nlPostcode(Random r) {
        return (1000 + r.nextInt(8999)) + " " + (char) ('A' + r.nextInt(17)) + (char) ('T' + r.nextInt(6));
    }

    static String ssn(Random r) {
        return String.format("%03d-%02d-%04d", 1 + r.nextInt(665), 1 + r.nextInt(99), 1 + r.nextInt(9999));
    }

    static String nino(Random r) {
        String first = "ABCEGHJKLMNPRSTWXYZ";
        String second = "ABCEGHJKLMNPRSTWXYZ";
        String p;
        do {
            p = "" + first.charAt(r.nextInt(first.length())) + second.charAt(r.nextInt(second.length()));
        } while (List.of("BG", "GB", "NK", "KN", "TN", "NT", "ZZ").contains(p));
        String d = digits(r, 6);
        return r.nextBoolean() ? p + d + "ABCD".charAt(r.nextInt(4))
                : p + " " + d.substring(0, 2) + " " + d.substring(2, 4) + " " + d.substring(4) + " " + "ABCD".charAt(r.nextInt(4));
    }

    static String nhs(Random r) {
        while (true) {
            String d = digits(r, 9);
            for (char c = '0'; c <= '9'; c++) {
                if (Checksums.nhs(d + c)) {
                    String s = d + c;
                    return r.nextBoolean() ? s : s.substring(0, 3) + " " + s.substring(3, 6) + " " + s.substring(6);
                }
            }
        }
    }

    static String bsn(Random r) {
        return withCheckDigit(r, 8, Checksums::bsn);
    }

    static String deTaxId(Random r) {
        return withCheckDigit(r, 10, Checksums::deTaxId);
    }

    /** Random digits (no leading zero) and the check digit that makes {@code valid} hold. */
    private static String withCheckDigit(Random r, int length, java.util.function.Predicate<String> valid) {
        while (true) {
            String d = (1 + r.nextInt(9)) + digits(r, length - 1);
            for (char c = '0'; c <= '9'; c++) {
                if (valid.test(d + c)) {
                    return d + c;
                }
            }
        }
    }

    static String frNir(Random r) {
        String body = (1 + r.nextInt(2)) + String.format("%02d%02d", r.nextInt(100), 1 + r.nextInt(12))
                + String.format("%02d", 1 + r.nextInt(95)) + digits(r, 3) + digits(r, 3);
        long key = 97 - Long.parseLong(body) % 97;
        return body + String.format("%02d", key);
    }

    static String esDniNie(Random r) {
        String letters = "TRWAGMYFPDXBNJZSQVHLCKE";
        if (r.nextInt(3) == 0) {
            int prefix = r.nextInt(3);
            String n = digits(r, 7);
            return "XYZ".charAt(prefix) + n + letters.charAt(Integer.parseInt(prefix + n) % 23);
        }
        int n = 10_000_000 + r.nextInt(89_999_999);
        return n + "" + letters.charAt(n % 23);
    }

    static String codiceFiscale(Random r) {
        String consonants = "BCDFGHLMNPRSTVZ";
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            b.append(consonants.charAt(r.nextInt(consonants.length())));
        }
        b.append(digits(r, 2)).append("ABCDEHLMPRST".charAt(r.nextInt(12)));
        int day = 1 + r.nextInt(28) + (r.nextBoolean() ? 40 : 0);
        b.append(String.format("%02d", day)).append((char) ('A' + r.nextInt(26))).append(digits(r, 3));
        for (char c = 'A'; c <= 'Z'; c++) {
            if (Checksums.itCodiceFiscale(b.toString() + c)) {
                return b.toString() + c;
            }
        }
        throw new AssertionError();
    }

    static String fullName(Random r) {
        return pick(r, GIVEN) + " " + pick(r, FAMILY);
    }

    /** A 16-digit product code that passes Luhn (about one in ten does) but starts with no card issuer's prefix. */
    static String luhnProductCode(Random r) {
        String body = (r.nextBoolean() ? "9" : "1") + digits(r, 14);
        return body + luhnDigit(body);
    }

    /** A version number with four parts, shaped like an IPv4 address. */
    static String version(Random r) {
        return r.nextInt(4) + "." + r.nextInt(20) + "." + r.nextInt(30) + "." + r.nextInt(30);
    }

    /** A ten-digit customer number, shaped like a bare national phone number. */
    static String numericId(Random r) {
        return (2 + r.nextInt(7)) + digits(r, 9);
    }
}
