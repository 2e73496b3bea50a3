package dev.lethe.awareness.pii;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;

/**
 * Writes the generated part of the labelled evaluation set ({@code eval/generated.csv.gz} and its
 * rows of {@code eval/labels.csv}) from a fixed seed. Run once with the resources folder as argument;
 * the output is committed, so the evaluation does not depend on this generator staying the same.
 */
final class EvaluationSetWriter {

    static final int ROWS = 400;
    static final LocalDate BIRTHS_BEFORE = LocalDate.of(2026, 1, 1);

    private record Column(String name, String labels, boolean lookalike, Function<Random, String> values) {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        List<Column> columns = columns();
        Random r = new Random(20261205L);
        Map<String, String[]> cells = new LinkedHashMap<>();
        for (Column c : columns) {
            String[] v = new String[ROWS];
            for (int i = 0; i < ROWS; i++) {
                v[i] = r.nextInt(40) == 0 ? null : c.values().apply(r);
            }
            cells.put(c.name(), v);
        }
        try (Writer w = new java.io.OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(dir.resolve("generated.csv.gz"))),
                StandardCharsets.UTF_8)) {
            w.write(String.join(",", cells.keySet().stream().map(EvaluationSetWriter::quote).toList()) + "\n");
            for (int i = 0; i < ROWS; i++) {
                List<String> row = new ArrayList<>();
                for (String[] v : cells.values()) {
                    row.add(v[i] == null ? "" : quote(v[i]));
                }
                w.write(String.join(",", row) + "\n");
            }
        }
        StringBuilder labels = new StringBuilder();
        for (Column c : columns) {
            labels.append("generated.csv.gz,").append(quote(c.name())).append(',').append(c.labels()).append(',')
                    .append(c.lookalike() ? "lookalike" : "").append('\n');
        }
        Files.writeString(dir.resolve("labels-generated.csv"), labels.toString());
    }

    private static String quote(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }

    private static Column col(String name, String labels, Function<Random, String> values) {
        return new Column(name, labels, false, values);
    }

    private static Column lookalike(String name, Function<Random, String> values) {
        return new Column(name, "", true, values);
    }

    static List<Column> columns() {
        List<Column> c = new ArrayList<>();
        c.add(col("email", "email", Generators::email));
        c.add(col("E-Mail-Adresse", "email", Generators::email));
        c.add(col("contact", "email", Generators::email));
        c.add(col("phone", "phone", Generators::phone));
        c.add(col("Telefonnummer", "phone", Generators::phone));
        c.add(col("reach_at", "phone", Generators::phone));
        c.add(col("mobile", "phone", r -> "+447" + (700 + r.nextInt(299)) + Generators.digits(r, 6)));
        c.add(col("iban", "iban", Generators::iban));
        c.add(col("rekeningnummer", "iban", Generators::iban));
        c.add(col("payee_account", "iban", Generators::iban));
        c.add(col("card_number", "payment-card", Generators::card));
        c.add(col("cc", "payment-card", Generators::card));
        c.add(col("paid_with", "payment-card", Generators::card));
        c.add(col("client_ip", "ip-address", Generators::ipv4));
        c.add(col("remote", "ip-address", Generators::ipv4));
        c.add(col("ipv6", "ip-address", Generators::ipv6));
        c.add(col("source_address", "ip-address", Generators::ipv6));
        c.add(col("mac", "mac-address", Generators::mac));
        c.add(col("website", "url", r -> "https://www.example.org/people/" + r.nextInt(100000)));
        c.add(col("dob", "date-of-birth", r -> Generators.date(Generators.birth(r, BIRTHS_BEFORE), 0)));
        c.add(col("Geburtsdatum", "date-of-birth", r -> Generators.date(Generators.birth(r, BIRTHS_BEFORE), 1)));
        c.add(col("date_of_birth", "date-of-birth", r -> Generators.date(Generators.birth(r, BIRTHS_BEFORE), 3)));
        c.add(col("date_naissance", "date-of-birth", r -> Generators.date(Generators.birth(r, BIRTHS_BEFORE), 2)));
        c.add(col("birthday", "date-of-birth", r -> Generators.date(Generators.birth(r, BIRTHS_BEFORE), 0)));
        c.add(col("d1", "date-of-birth", r -> Generators.date(Generators.birth(r, BIRTHS_BEFORE), 0)));
        c.add(col("order_date", "date", r -> Generators.date(BIRTHS_BEFORE.minusDays(r.nextInt(900)), 0)));
        c.add(col("visit_day", "date", r -> Generators.date(BIRTHS_BEFORE.minusDays(r.nextInt(400)), 1)));
        c.add(col("zip", "postcode", r -> String.format("%05d", 1001 + r.nextInt(98000))));
        c.add(col("postcode", "postcode", Generators::ukPostcode));
        c.add(col("plz", "postcode", r -> String.valueOf(10000 + r.nextInt(89999))));
        c.add(col("code_postal", "postcode", r -> String.format("%05d", 1000 + r.nextInt(94000))));
        c.add(col("address_pc", "postcode", Generators::nlPostcode));
        c.add(col("ssn", "us-ssn", Generators::ssn));
        c.add(col("tax_ref", "us-ssn", Generators::ssn));
        c.add(col("ni_number", "uk-nino", Generators::nino));
        c.add(col("insurance_no", "uk-nino", Generators::nino));
        c.add(col("nhs_number", "uk-nhs-number", Generators::nhs));
        c.add(col("patient_ref", "uk-nhs-number", Generators::nhs));
        c.add(col("steuer_id", "de-tax-id", Generators::deTaxId));
        c.add(col("kennung", "de-tax-id", Generators::deTaxId));
        c.add(col("nir", "fr-nir", Generators::frNir));
        c.add(col("numero", "fr-nir", Generators::frNir));
        c.add(col("bsn", "nl-bsn", Generators::bsn));
        c.add(col("burger_id", "nl-bsn", Generators::bsn));
        c.add(col("dni", "es-dni-nie", Generators::esDniNie));
        c.add(col("documento_id", "es-dni-nie", Generators::esDniNie));
        c.add(col("codice_fiscale", "it-codice-fiscale", Generators::codiceFiscale));
        c.add(col("cf_cliente", "it-codice-fiscale", Generators::codiceFiscale));
        c.add(col("first_name", "person-name", r -> Generators.pick(r, Generators.GIVEN)));
        c.add(col("Nachname", "person-name", r -> Generators.pick(r, Generators.FAMILY)));
        c.add(col("full_name", "person-name", Generators::fullName));
        c.add(col("customer", "person-name", Generators::fullName));
        c.add(col("signed_by", "person-name", Generators::fullName));
        c.add(col("notes", "free-text-with-pii", r -> r.nextInt(4) == 0
                ? "Customer asked to be called back on " + Generators.phone(r) + " or mailed at " + Generators.email(r) + "."
                : "Delivered on time, no further action needed this week."));
        c.add(col("ticket_body", "free-text-with-pii", r -> r.nextInt(3) == 0
                ? "Refund to " + Generators.iban(r).replace(" ", "") + " requested by " + Generators.fullName(r) + " yesterday."
                : "The parcel arrived damaged and the box was open."));
        c.add(col("description", "", r -> "A sturdy " + Generators.pick(r, List.of("oak", "pine", "steel")) + " table for the kitchen, "
                + (60 + r.nextInt(100)) + " cm wide."));
        c.add(col("latitude", "coordinates", r -> String.format(java.util.Locale.ROOT, "%.5f", 35 + r.nextDouble() * 25)));
        c.add(col("lon", "coordinates", r -> String.format(java.util.Locale.ROOT, "%.5f", -8 + r.nextDouble() * 30)));
        c.add(col("last_seen", "coordinates", r -> String.format(java.util.Locale.ROOT, "%.4f, %.4f", 35 + r.nextDouble() * 25,
                -8 + r.nextDouble() * 30)));
        c.add(col("religion", "religion", r -> Generators.pick(r, List.of("Christian", "Muslim", "Jewish", "Hindu", "None", "Buddhist"))));
        c.add(col("belief", "religion", r -> Generators.pick(r, List.of("Catholic", "Protestant", "Atheist", "Muslim"))));
        c.add(col("ethnicity", "ethnic-origin", r -> Generators.pick(r, List.of("White", "Black", "Asian", "Mixed", "Other"))));
        c.add(col("group", "ethnic-origin", r -> Generators.pick(r, List.of("Caucasian", "Hispanic", "African American",
                "Native American"))));
        c.add(col("sexual_orientation", "sexual-orientation", r -> Generators.pick(r, List.of("Heterosexual", "Gay", "Lesbian",
                "Bisexual"))));
        c.add(col("party", "political-opinion", r -> Generators.pick(r, List.of("Labour", "Conservative", "Green", "Liberal"))));
        c.add(col("vote_2024", "political-opinion", r -> Generators.pick(r, List.of("Democrat", "Republican"))));
        c.add(col("union_member", "trade-union", r -> r.nextBoolean() ? "yes" : "no"));
        c.add(col("diagnosis", "health", r -> Generators.pick(r, List.of("Asthma", "Diabetes", "Hypertension", "Migraine", "COPD"))));
        c.add(col("icd10", "health", r -> Generators.pick(r, List.of("E11.9", "I10", "J45.909", "F32.9", "M54.5"))));
        c.add(col("condition_code", "health", r -> Generators.pick(r, List.of("asthma", "epilepsy", "depression", "hiv positive"))));
        c.add(col("genotype", "biometric-genetic", r -> Generators.pick(r, List.of("AA", "AG", "GG", "CT"))));
        c.add(col("fingerprint_template", "biometric-genetic", r -> Base64Like.of(r)));
        c.add(lookalike("product_code", Generators::luhnProductCode));
        c.add(lookalike("item_ref", Generators::luhnProductCode));
        c.add(lookalike("version", Generators::version));
        c.add(lookalike("release_tag", Generators::version));
        c.add(lookalike("plugin_level", Generators::version));
        c.add(lookalike("customer_number", Generators::numericId));
        c.add(lookalike("ref", Generators::numericId));
        c.add(lookalike("order_id", Generators::numericId));
        c.add(lookalike("ean", r -> Generators.digits(r, 13)));
        c.add(lookalike("batch", r -> Generators.digits(r, 9)));
        c.add(lookalike("amount", r -> String.format(java.util.Locale.ROOT, "%.2f", r.nextDouble() * 1000)));
        c.add(lookalike("city", r -> Generators.pick(r, List.of("Berlin", "Paris", "Amsterdam", "Madrid", "Rome", "London"))));
        c.add(lookalike("colour", r -> Generators.pick(r, List.of("White", "Black", "Red", "Green"))));
        c.add(lookalike("product_name", r -> Generators.pick(r, List.of("Widget Pro", "Gadget Mini", "Anna Lamp", "Oliver Chair"))));
        c.add(lookalike("quantity", r -> String.valueOf(r.nextInt(50))));
        c.add(lookalike("sensor_reading", r -> String.format(java.util.Locale.ROOT, "%.5f", r.nextDouble() * 100)));
        return c;
    }

    /** Opaque template bytes, as a biometric system stores them. */
    private static final class Base64Like {
        static String of(Random r) {
            byte[] b = new byte[48];
            r.nextBytes(b);
            return java.util.Base64.getEncoder().encodeToString(b);
        }
    }
}
