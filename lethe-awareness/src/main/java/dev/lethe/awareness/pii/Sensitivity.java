package dev.lethe.awareness.pii;

/**
 * How much harm a column's data could do if it leaked, ordered from none to the GDPR's special
 * categories (Art. 9), which need an explicit legal basis to be processed at all.
 */
public enum Sensitivity {
    /** No personal data detected. */
    NONE,
    /** Identifies a person only together with other data (a date, a postcode, a URL). */
    LOW,
    /** Contact data and online identifiers (e-mail, phone, IP address, name, date of birth). */
    MODERATE,
    /** Identifiers that open accounts or records: national IDs, bank accounts, payment cards. */
    HIGH,
    /** GDPR Art. 9 special categories: health, ethnic origin, religion, sexual orientation and the rest. */
    SPECIAL
}
