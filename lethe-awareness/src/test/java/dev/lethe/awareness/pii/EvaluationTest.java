package dev.lethe.awareness.pii;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.data.TextTable;
import dev.lethe.testing.RepositoryData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The labelled evaluation set: real columns of the bundled datasets and generated columns of known
 * types from several countries, with look-alike negatives. Per-type precision and recall over
 * columns (a column's detected types against its labels) must meet the targets of issue 14.
 */
class EvaluationTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 12, 1);
    private static final Map<String, Set<PiiType>> EXPECTED = new LinkedHashMap<>();
    private static final Map<String, Boolean> LOOKALIKE = new HashMap<>();
    private static final Map<String, ColumnFinding> FOUND = new HashMap<>();

    @TempDir
    static Path tmp;

    @BeforeAll
    static void scanEvaluationSet() throws IOException {
        List<String> labels = new ArrayList<>();
        labels.addAll(resourceLines("eval/labels-generated.csv"));
        labels.addAll(resourceLines("eval/labels-real.csv"));
        Map<String, ScanReport> reports = new HashMap<>();
        TableScanner scanner = new TableScanner(TableScanner.DEFAULT_SAMPLE_ROWS, TODAY);
        for (String line : labels) {
            String[] f = line.split(",", -1);
            String file = f[0];
            String column = f[1].replace("\"", "");
            ScanReport report = reports.computeIfAbsent(file, name -> scanner.scan(name, TextTable.read(locate(name),
                    StandardCharsets.UTF_8)));
            String key = file + ":" + column;
            Set<PiiType> expected = EnumSet.noneOf(PiiType.class);
            for (String t : f[2].split(";")) {
                if (!t.isBlank()) {
                    expected.add(PiiType.parse(t));
                }
            }
            EXPECTED.put(key, expected);
            LOOKALIKE.put(key, f[3].equals("lookalike"));
            FOUND.put(key, report.column(column).orElseThrow(() -> new AssertionError("no column " + key)));
        }
    }

    private static Path locate(String name) {
        if (!name.equals("generated.csv.gz")) {
            return RepositoryData.path(name);
        }
        Path p = tmp.resolve(name);
        if (!Files.exists(p)) {
            try (InputStream in = EvaluationTest.class.getResourceAsStream("eval/" + name)) {
                Files.copy(in, p);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return p;
    }

    private static List<String> resourceLines(String name) throws IOException {
        try (InputStream in = EvaluationTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
    }

    private static Set<PiiType> predicted(String key) {
        return FOUND.get(key).types().stream().map(TypeEvidence::type).collect(Collectors.toCollection(() -> EnumSet.noneOf(PiiType.class)));
    }

    /** [true positives, false positives, false negatives] over the columns, for the types in {@code group}. */
    private static int[] counts(Set<PiiType> group) {
        int[] c = new int[3];
        for (String key : EXPECTED.keySet()) {
            for (PiiType t : group) {
                boolean expected = EXPECTED.get(key).contains(t);
                boolean predicted = predicted(key).contains(t);
                c[0] += expected && predicted ? 1 : 0;
                c[1] += !expected && predicted ? 1 : 0;
                c[2] += expected && !predicted ? 1 : 0;
            }
        }
        return c;
    }

    private static String mistakes(Set<PiiType> group) {
        StringBuilder b = new StringBuilder();
        for (String key : EXPECTED.keySet()) {
            Set<PiiType> e = EnumSet.noneOf(PiiType.class);
            e.addAll(EXPECTED.get(key));
            e.retainAll(group);
            Set<PiiType> p = EnumSet.noneOf(PiiType.class);
            p.addAll(predicted(key));
            p.retainAll(group);
            if (!e.equals(p)) {
                b.append(key).append(": expected ").append(e).append(", found ").append(FOUND.get(key).types()).append('\n');
            }
        }
        return b.toString();
    }

    private static void assertQuality(Set<PiiType> group, double target) {
        int[] c = counts(group);
        double precision = c[0] + c[1] == 0 ? 1 : (double) c[0] / (c[0] + c[1]);
        double recall = c[0] + c[2] == 0 ? 1 : (double) c[0] / (c[0] + c[2]);
        assertThat(c[0] + c[2]).as("labelled columns of %s", group).isGreaterThanOrEqualTo(2);
        assertThat(precision).as("precision of %s\n%s", group, mistakes(group)).isGreaterThanOrEqualTo(target);
        assertThat(recall).as("recall of %s\n%s", group, mistakes(group)).isGreaterThanOrEqualTo(target);
    }

    @Test
    void eachKeyTypeMeetsItsTarget() {
        for (PiiType t : List.of(PiiType.EMAIL, PiiType.PHONE, PiiType.IBAN, PiiType.PAYMENT_CARD, PiiType.IP_ADDRESS,
                PiiType.DATE_OF_BIRTH)) {
            assertQuality(EnumSet.of(t), 0.95);
        }
        EnumSet<PiiType> nationalIds = EnumSet.noneOf(PiiType.class);
        for (PiiType t : PiiType.values()) {
            if (t.nationalId()) {
                nationalIds.add(t);
                assertQuality(EnumSet.of(t), 0.95);
            }
        }
        assertQuality(nationalIds, 0.95);
    }

    @Test
    void overallMeetsItsTarget() {
        for (PiiType t : PiiType.values()) {
            int[] c = counts(EnumSet.of(t));
            System.out.printf("%-20s tp %3d fp %3d fn %3d%n", t.label(), c[0], c[1], c[2]);
        }
        assertQuality(EnumSet.allOf(PiiType.class), 0.9);
    }

    @Test
    void noLookalikeIsFlaggedWithHighConfidence() {
        assertThat(LOOKALIKE.values()).filteredOn(b -> b).hasSizeGreaterThanOrEqualTo(10);
        for (String key : EXPECTED.keySet()) {
            if (LOOKALIKE.get(key)) {
                assertThat(FOUND.get(key).types()).as(key).noneMatch(TypeEvidence::high);
            }
        }
    }

    @Test
    void evidenceNamesTheHintAndTheMatchedShare() {
        TypeEvidence email = FOUND.get("generated.csv.gz:email").types().get(0);
        assertThat(email.nameHint()).isEqualTo("email");
        assertThat(email.matched()).isEqualTo(email.sampled()).isGreaterThan(300);
        assertThat(FOUND.get("generated.csv.gz:contact").types().get(0).nameHint()).as("value evidence alone").isNull();
        assertThat(FOUND.get("generated.csv.gz:iban").sensitivity()).isEqualTo(Sensitivity.HIGH);
        assertThat(FOUND.get("generated.csv.gz:religion").sensitivity()).isEqualTo(Sensitivity.SPECIAL);
    }
}
