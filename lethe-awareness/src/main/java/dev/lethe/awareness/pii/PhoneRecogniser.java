package dev.lethe.awareness.pii;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.List;

/**
 * Phone numbers by Google's libphonenumber: a value counts when it is a valid number of its
 * region, not when it merely has the right number of digits. International numbers ({@code +} or
 * {@code 00}) and formatted national numbers are strong evidence; bare digit strings are weak (order
 * numbers and account IDs look the same) and are tried only beside a column-name hint.
 */
final class PhoneRecogniser implements ValueRecogniser {

    /** The regions whose national formats are tried for numbers without a country code. */
    private static final List<String> REGIONS = List.of("US", "GB", "DE", "FR", "NL", "ES", "IT", "IN", "BR", "AU");

    private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();

    @Override
    public PiiType type() {
        return PiiType.PHONE;
    }

    @Override
    public Match match(String v, boolean hinted) {
        if (!Formats.digitsWith(v, "+-() ./", 7, 15) || v.lastIndexOf('+') > 0) {
            return Match.NONE;
        }
        boolean international = v.startsWith("+") || v.startsWith("00");
        boolean formatted = !Checksums.allDigits(v);
        if (!international && !formatted && !hinted) {
            return Match.NONE;
        }
        int dots = v.length() - Formats.compact(v, '.').length();
        if (dots == 1 && Formats.digitsWith(v, ".", 0, 99) || Formats.date(v) != null || Formats.ipv4(v) != null) {
            return Match.NONE; // a decimal number, a date or an address
        }
        if (international) {
            return valid(v.startsWith("00") ? "+" + v.substring(2) : v, "ZZ") ? Match.STRONG : Match.NONE;
        }
        for (String region : REGIONS) {
            if (valid(v, region)) {
                return formatted ? Match.STRONG : Match.WEAK;
            }
        }
        return Match.NONE;
    }

    private boolean valid(String v, String region) {
        try {
            PhoneNumber n = util.parse(v, region);
            return util.isValidNumber(n);
        } catch (NumberParseException e) {
            return false;
        }
    }
}
