package dev.lethe.awareness.pii;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Column-name evidence: which type a column's name suggests ("dob", "e_mail", "Geburtsdatum"), in
 * English, German, French, Dutch, Spanish and Italian, and names that argue against personal data
 * ("version", "sku", "product_code").
 */
public final class ColumnNames {

    private static final Map<PiiType, Pattern> HINTS = new EnumMap<>(PiiType.class);

    static {
        hint(PiiType.EMAIL, "e_?mail|mail|email_address|courriel|correo");
        hint(PiiType.PHONE, "phone|telephone|tel|mobile|cell|cellphone|fax|msisdn|telefon|telefoon|telefono|portable|handy|gsm|contact_number");
        hint(PiiType.IBAN, "iban|bank_account|account_number|kontonummer|rekeningnummer");
        hint(PiiType.PAYMENT_CARD, "card|card_number|credit_card|cc|cc_number|pan|creditcard|kreditkarte|carte");
        hint(PiiType.IP_ADDRESS, "ip|ip_address|ipv4|ipv6|client_ip|remote_addr|src_ip|dst_ip|ip_addr");
        hint(PiiType.MAC_ADDRESS, "mac|mac_address|hw_addr|hwaddr|bssid");
        hint(PiiType.URL, "url|uri|website|homepage|link|profile_url");
        hint(PiiType.DATE_OF_BIRTH, "dob|birth|birthday|birthdate|date_of_birth|born|geburtsdatum|geburtstag|naissance|date_naissance|geboortedatum|nacimiento|fecha_nacimiento|nascita|data_nascita");
        hint(PiiType.DATE, "date|day|datum|fecha|data|timestamp|created|updated");
        hint(PiiType.POSTCODE, "zip|zipcode|zip_code|postcode|post_code|postal|postal_code|plz|postleitzahl|code_postal|cp|postcode_nl|cap|codigo_postal");
        hint(PiiType.US_SSN, "ssn|social_security|social_security_number|ss_number");
        hint(PiiType.UK_NINO, "nino|ni_number|national_insurance|national_insurance_number");
        hint(PiiType.UK_NHS_NUMBER, "nhs|nhs_number|nhs_no");
        hint(PiiType.DE_TAX_ID, "steuer_id|steueridnr|steuer_idnr|steuerid|tax_id|tin|idnr|steuernummer|identifikationsnummer");
        hint(PiiType.FR_NIR, "nir|insee|numero_securite_sociale|secu|securite_sociale|num_secu");
        hint(PiiType.NL_BSN, "bsn|burgerservicenummer|sofinummer");
        hint(PiiType.ES_DNI_NIE, "dni|nie|nif|documento|documento_identidad");
        hint(PiiType.IT_CODICE_FISCALE, "codice_fiscale|cf|codicefiscale|fiscal_code");
        hint(PiiType.PERSON_NAME, "name|first_name|firstname|given_name|last_name|lastname|surname|family_name|full_name|fullname|middle_name|forename|vorname|nachname|nom|prenom|voornaam|achternaam|nombre|apellido|apellidos|cognome|nome|customer|customer_name|patient|patient_name|employee|employee_name|contact|contact_name|author|owner|holder|cardholder|account_holder|username|user_name");
        hint(PiiType.COORDINATES, "lat|latitude|lon|lng|long|longitude|coordinates|coords|geo|location|gps|latlon|lat_lon|latlng");
        hint(PiiType.FREE_TEXT_WITH_PII, "comment|comments|note|notes|description|message|text|body|remarks|feedback|review|bio|free_text|freetext|summary");
        hint(PiiType.HEALTH, "health|diagnosis|diagnoses|disease|illness|condition|medical|medication|medications|drug|prescription|icd|icd10|icd_10|symptom|symptoms|treatment|disability|pregnant|pregnancies|pregnancy|diabetes|diabetic|hiv|blood_type|bloodtype|glucose|insulin|cholesterol|bmi|blood_pressure|pressure|allergy|allergies|mental_health|depression|cancer|tumor|tumour|malignant|class_benign|therapy|patient_condition|gesundheit|diagnose|krankheit|maladie|sante|salute|salud");
        hint(PiiType.ETHNIC_ORIGIN, "ethnicity|ethnic|ethnic_origin|race|racial|afam|african_american|hispanic|latino|ethnie|herkunft|origine_ethnique|etnia");
        hint(PiiType.RELIGION, "religion|religious|faith|denomination|belief|beliefs|konfession|religion_affiliation|church|confession|religione|religion_");
        hint(PiiType.SEXUAL_ORIENTATION, "sexual_orientation|orientation|sexuality|sex_life|lgbt|lgbtq");
        hint(PiiType.POLITICAL_OPINION, "political|politics|political_party|party|party_affiliation|vote|voted|voting|political_view|political_opinion|partei");
        hint(PiiType.TRADE_UNION, "union|trade_union|union_member|union_membership|gewerkschaft|syndicat|sindacato");
        hint(PiiType.BIOMETRIC_GENETIC, "fingerprint|face|face_embedding|faceprint|iris|retina|voiceprint|biometric|biometrics|genotype|genome|genetic|dna|snp|gene|allele|palm_print");
    }

    /** Names of columns that hold codes, counts or versions, not personal data. */
    private static final Pattern AGAINST = Pattern.compile(
            "(^|_)(version|ver|release|build|sku|product|product_code|item|item_code|part|part_number|serial|order|order_id|invoice|"
                    + "price|amount|count|total|quantity|qty|isbn|ean|upc|gtin|checksum|hash|file|filename|file_name|company|brand|"
                    + "model|host|hostname|domain|host_name|server|class_name|category|firmware|sensor|device_model)(_|$)");

    private ColumnNames() {
    }

    private static void hint(PiiType type, String alternatives) {
        HINTS.put(type, Pattern.compile("(^|_)(" + alternatives + ")(_|$)"));
    }

    /** Lower case, camelCase split, every run of other characters one underscore. */
    public static String normalise(String name) {
        StringBuilder b = new StringBuilder(name.length() + 4);
        char prev = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c) && Character.isLowerCase(prev)) {
                b.append('_');
            }
            if (Character.isLetterOrDigit(c)) {
                b.append(Character.toLowerCase(c));
            } else if (b.length() > 0 && b.charAt(b.length() - 1) != '_') {
                b.append('_');
            }
            prev = c;
        }
        while (b.length() > 0 && b.charAt(b.length() - 1) == '_') {
            b.setLength(b.length() - 1);
        }
        return b.toString().toLowerCase(Locale.ROOT);
    }

    /** The hint in this name for the type: the matched word, or empty. */
    public static Optional<String> hint(String normalisedName, PiiType type) {
        Pattern p = HINTS.get(type);
        if (p == null) {
            return Optional.empty();
        }
        java.util.regex.Matcher m = p.matcher(normalisedName);
        return m.find() ? Optional.of(m.group(2)) : Optional.empty();
    }

    /** Whether the name says the column holds codes, versions or amounts rather than personal data. */
    public static boolean against(String normalisedName) {
        return AGAINST.matcher(normalisedName).find();
    }
}
