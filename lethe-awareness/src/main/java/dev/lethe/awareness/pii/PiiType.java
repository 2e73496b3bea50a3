package dev.lethe.awareness.pii;

import java.util.Locale;

/**
 * The kinds of personal data the scan recognises, each with its sensitivity. National identifiers
 * carry their country in the name; the special categories are those of GDPR Art. 9(1).
 */
public enum PiiType {
    EMAIL(Sensitivity.MODERATE, false),
    PHONE(Sensitivity.MODERATE, false),
    IBAN(Sensitivity.HIGH, false),
    PAYMENT_CARD(Sensitivity.HIGH, false),
    IP_ADDRESS(Sensitivity.MODERATE, false),
    MAC_ADDRESS(Sensitivity.MODERATE, false),
    URL(Sensitivity.LOW, false),
    DATE(Sensitivity.LOW, false),
    DATE_OF_BIRTH(Sensitivity.MODERATE, false),
    POSTCODE(Sensitivity.LOW, false),
    US_SSN(Sensitivity.HIGH, false),
    UK_NINO(Sensitivity.HIGH, false),
    UK_NHS_NUMBER(Sensitivity.HIGH, false),
    DE_TAX_ID(Sensitivity.HIGH, false),
    FR_NIR(Sensitivity.HIGH, false),
    NL_BSN(Sensitivity.HIGH, false),
    ES_DNI_NIE(Sensitivity.HIGH, false),
    IT_CODICE_FISCALE(Sensitivity.HIGH, false),
    PERSON_NAME(Sensitivity.MODERATE, false),
    /** Free text that contains any of the value types (the contained types are in the evidence). */
    FREE_TEXT_WITH_PII(Sensitivity.MODERATE, false),
    COORDINATES(Sensitivity.MODERATE, false),
    HEALTH(Sensitivity.SPECIAL, true),
    ETHNIC_ORIGIN(Sensitivity.SPECIAL, true),
    RELIGION(Sensitivity.SPECIAL, true),
    SEXUAL_ORIENTATION(Sensitivity.SPECIAL, true),
    POLITICAL_OPINION(Sensitivity.SPECIAL, true),
    TRADE_UNION(Sensitivity.SPECIAL, true),
    BIOMETRIC_GENETIC(Sensitivity.SPECIAL, true);

    private final Sensitivity sensitivity;
    private final boolean specialCategory;

    PiiType(Sensitivity sensitivity, boolean specialCategory) {
        this.sensitivity = sensitivity;
        this.specialCategory = specialCategory;
    }

    public Sensitivity sensitivity() {
        return sensitivity;
    }

    /** Whether GDPR Art. 9 lists it as a special category of personal data. */
    public boolean specialCategory() {
        return specialCategory;
    }

    /** Whether it is a national identification number (GDPR Art. 87). */
    public boolean nationalId() {
        return sensitivity == Sensitivity.HIGH && this != IBAN && this != PAYMENT_CARD;
    }

    /** The lower-case, hyphenated name used on the command line and in JSON. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The type with this {@link #label()} (or enum name), case-insensitively. */
    public static PiiType parse(String label) {
        String n = label.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (PiiType t : values()) {
            if (t.name().equals(n)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown personal data type '" + label + "'");
    }
}
