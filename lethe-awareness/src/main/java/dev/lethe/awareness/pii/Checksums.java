package dev.lethe.awareness.pii;

/**
 * The check-digit schemes of the identifiers the scan recognises. Each method takes the
 * identifier's characters without separators and says whether its check digit is right.
 */
final class Checksums {

    private Checksums() {
    }

    /** Luhn (ISO/IEC 7812-1 Annex B), used by payment cards. */
    static boolean luhn(CharSequence digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return false;
            }
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    /** ISO 7064 MOD 97-10 over an IBAN moved into check position (ISO 13616-1): the remainder is 1. */
    static boolean iban(CharSequence iban) {
        int n = iban.length();
        int rem = 0;
        for (int k = 0; k < n; k++) {
            char c = iban.charAt((k + 4) % n);
            if (c >= '0' && c <= '9') {
                rem = (rem * 10 + (c - '0')) % 97;
            } else if (c >= 'A' && c <= 'Z') {
                int v = c - 'A' + 10;
                rem = (rem * 100 + v) % 97;
            } else {
                return false;
            }
        }
        return rem == 1;
    }

    /** NHS number: weights 10..2 over the first nine digits, check = 11 − sum mod 11 (11 → 0, 10 invalid). */
    static boolean nhs(CharSequence d) {
        if (d.length() != 10 || !allDigits(d)) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += (d.charAt(i) - '0') * (10 - i);
        }
        int check = 11 - sum % 11;
        check = check == 11 ? 0 : check;
        return check != 10 && check == d.charAt(9) - '0';
    }

    /** Dutch BSN "elfproef": 9·d1 + 8·d2 + … + 2·d8 − d9 is a positive multiple of 11. */
    static boolean bsn(CharSequence d) {
        if (d.length() != 9 || !allDigits(d)) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 8; i++) {
            sum += (d.charAt(i) - '0') * (9 - i);
        }
        sum -= d.charAt(8) - '0';
        return sum > 0 && sum % 11 == 0;
    }

    /**
     * German tax identification number (Steuerliche Identifikationsnummer, AO §139b): 11 digits, no
     * leading zero, among the first ten exactly one digit repeated (twice or three times), and an
     * ISO 7064 MOD 11,10 check digit.
     */
    static boolean deTaxId(CharSequence d) {
        if (d.length() != 11 || !allDigits(d) || d.charAt(0) == '0') {
            return false;
        }
        int[] counts = new int[10];
        for (int i = 0; i < 10; i++) {
            counts[d.charAt(i) - '0']++;
        }
        int repeated = 0;
        for (int c : counts) {
            if (c > 3) {
                return false;
            }
            repeated += c >= 2 ? 1 : 0;
        }
        if (repeated != 1) {
            return false;
        }
        int product = 10;
        for (int i = 0; i < 10; i++) {
            int sum = (d.charAt(i) - '0' + product) % 10;
            sum = sum == 0 ? 10 : sum;
            product = (sum * 2) % 11;
        }
        int check = 11 - product;
        check = check == 10 ? 0 : check;
        return check == d.charAt(10) - '0';
    }

    /**
     * French NIR (numéro de sécurité sociale): 13 characters (Corsican départements 2A/2B count as
     * 19/18) and a key of 97 − (number mod 97).
     */
    static boolean frNir(CharSequence s) {
        if (s.length() != 15) {
            return false;
        }
        StringBuilder body = new StringBuilder(s.subSequence(0, 13));
        if (body.charAt(5) == '2' && (body.charAt(6) == 'A' || body.charAt(6) == 'B')) {
            body.replace(5, 7, body.charAt(6) == 'A' ? "19" : "18");
        }
        if (!allDigits(body) || !allDigits(s.subSequence(13, 15))) {
            return false;
        }
        char sex = body.charAt(0);
        int month = (body.charAt(3) - '0') * 10 + body.charAt(4) - '0';
        if ((sex != '1' && sex != '2') || month < 1 || (month > 12 && month < 20) || month > 42) {
            return false;
        }
        long n = Long.parseLong(body.toString());
        int key = (s.charAt(13) - '0') * 10 + s.charAt(14) - '0';
        return key == 97 - n % 97;
    }

    private static final String DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE";

    /** Spanish DNI (8 digits) or NIE (X/Y/Z and 7 digits) with the control letter of number mod 23. */
    static boolean esDniNie(CharSequence s) {
        if (s.length() != 9) {
            return false;
        }
        char first = s.charAt(0);
        StringBuilder number = new StringBuilder(s.subSequence(0, 8));
        int prefix = "XYZ".indexOf(first);
        if (prefix >= 0) {
            number.setCharAt(0, (char) ('0' + prefix));
        }
        if (!allDigits(number)) {
            return false;
        }
        return DNI_LETTERS.charAt(Integer.parseInt(number.toString()) % 23) == s.charAt(8);
    }

    private static final int[] CF_ODD = {1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25,
        24, 23};

    /**
     * Italian codice fiscale (DM 23/12/1976): six letters, two digits, a month letter, two digits, a
     * letter, three digits (digits may be replaced by letters, "omocodia") and a check letter from
     * the odd/even tables.
     */
    static boolean itCodiceFiscale(CharSequence s) {
        if (s.length() != 16) {
            return false;
        }
        String shape = "LLLLLLNNLNNLNNNL";
        for (int i = 0; i < 16; i++) {
            char c = s.charAt(i);
            boolean letter = c >= 'A' && c <= 'Z';
            boolean digit = c >= '0' && c <= '9';
            if (shape.charAt(i) == 'L' ? !letter : !(digit || "LMNPQRSTUV".indexOf(c) >= 0)) {
                return false;
            }
        }
        if ("ABCDEHLMPRST".indexOf(s.charAt(8)) < 0) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 15; i++) {
            char c = s.charAt(i);
            int v = c >= '0' && c <= '9' ? c - '0' : c - 'A';
            if (i % 2 == 0) { // odd position, 1-based
                sum += CF_ODD[v];
            } else {
                sum += v;
            }
        }
        return s.charAt(15) == (char) ('A' + sum % 26);
    }

    /** US SSN assignment rules: area not 000, 666 or 900–999; group not 00; serial not 0000. */
    static boolean ssnRanges(CharSequence d) {
        if (d.length() != 9 || !allDigits(d)) {
            return false;
        }
        int area = Integer.parseInt(d.subSequence(0, 3).toString());
        int group = Integer.parseInt(d.subSequence(3, 5).toString());
        int serial = Integer.parseInt(d.subSequence(5, 9).toString());
        return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0;
    }

    static boolean allDigits(CharSequence s) {
        if (s.length() == 0) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
