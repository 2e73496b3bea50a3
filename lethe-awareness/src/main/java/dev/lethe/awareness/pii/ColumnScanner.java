package dev.lethe.awareness.pii;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Judges one column from its name and a sample of its values. A type is reported when enough
 * sampled values match it (strongly, or weakly beside a name hint), or, for names and the special
 * categories, on the name alone. Recognisers first see a short probe of the sample; only those that
 * match some of it, or that the name suggests, see the whole sample, which keeps wide tables fast.
 */
final class ColumnScanner {

    /** The share of sampled values that must match for value evidence. */
    static final double MIN_SHARE = 0.6;
    private static final int PROBE = 200;
    static final int DECIDED_AFTER = 2000;
    private static final Set<PiiType> BY_NAME_ALONE = Set.of(PiiType.HEALTH, PiiType.ETHNIC_ORIGIN, PiiType.RELIGION,
            PiiType.SEXUAL_ORIENTATION, PiiType.POLITICAL_OPINION, PiiType.TRADE_UNION, PiiType.BIOMETRIC_GENETIC);
    /** Types a checksum-validated identifier overrules: a valid NHS number is also a valid US phone number. */
    private static final Set<PiiType> WEAK_FORMATS = Set.of(PiiType.PHONE, PiiType.POSTCODE, PiiType.COORDINATES,
            PiiType.PERSON_NAME, PiiType.DATE);
    /** Dates that are events, not births, whatever their spread. */
    private static final Pattern EVENT_DATE = Pattern.compile(
            "(^|_)(hire|hired|start|end|created|order|event|visit|admission|admitted|registered|signup|purchase|transaction|"
                    + "updated|modified|expiry|expires|due|shipped|delivery|release|published)(_|$)");

    private final List<ValueRecogniser> recognisers = Recognisers.all();
    private final LocalDate today;

    ColumnScanner(LocalDate today) {
        this.today = today;
    }

    ColumnFinding scan(String column, List<String> values) {
        String name = ColumnNames.normalise(column);
        boolean against = ColumnNames.against(name);
        int n = values.size();
        List<TypeEvidence> found = new ArrayList<>();
        Map<PiiType, int[]> counts = new EnumMap<>(PiiType.class);
        List<String> probe = values.subList(0, Math.min(PROBE, n));
        for (ValueRecogniser r : recognisers) {
            String hint = ColumnNames.hint(name, r.type()).orElse(null);
            boolean hinted = hint != null && !against;
            int[] c = count(r, probe, hinted);
            if (hinted || (c[0] + c[1]) * 10 >= probe.size() && c[0] + c[1] > 0) {
                c = probe.size() == n ? c : count(r, values, hinted);
            }
            counts.put(r.type(), c);
            evidence(r.type(), c, c[2], hint, against).ifPresent(found::add);
        }
        boolean byValues = found.stream().anyMatch(t -> (double) t.matched() / Math.max(1, t.sampled()) >= MIN_SHARE);
        if (!byValues && FreeText.isText(values)) {
            return new ColumnFinding(column, FreeText.judge(values, ColumnNames.hint(name, PiiType.FREE_TEXT_WITH_PII).orElse(null))
                    .map(List::of).orElse(List.of()), n, false);
        }
        dateOfBirth(name, values, found);
        suppressWeakFormats(found);
        return new ColumnFinding(column, found, n, false);
    }

    /**
     * Counts strong and weak matches: {@code [strong, weak, checked]}. Once {@link #DECIDED_AFTER} values
     * have been checked and nearly all or nearly none match, the rest cannot change the verdict, and
     * counting stops (the evidence then says how many values were checked).
     */
    private static int[] count(ValueRecogniser r, List<String> values, boolean hinted) {
        int strong = 0;
        int weak = 0;
        int checked = 0;
        for (String v : values) {
            Match m = r.match(v, hinted);
            strong += m == Match.STRONG ? 1 : 0;
            weak += m == Match.WEAK ? 1 : 0;
            checked++;
            if (checked >= DECIDED_AFTER && checked % 500 == 0) {
                int matched = strong + weak;
                if (matched * 20 >= checked * 19 || matched * 20 <= checked) {
                    break;
                }
            }
        }
        return new int[] {strong, weak, checked};
    }

    private static Optional<TypeEvidence> evidence(PiiType type, int[] c, int n, String hint, boolean against) {
        boolean hinted = hint != null && !against;
        int matched = c[0] + (hinted ? c[1] : 0);
        double share = n == 0 ? 0 : (double) matched / n;
        double strongShare = n == 0 ? 0 : (double) c[0] / n;
        double confidence;
        if (share >= MIN_SHARE) {
            confidence = strongShare >= MIN_SHARE ? 0.55 + 0.4 * strongShare + (hinted ? 0.04 : 0) : 0.5 + 0.4 * share;
        } else if (hinted && BY_NAME_ALONE.contains(type)) {
            confidence = 0.6 + 0.3 * share;
        } else if (hinted && type == PiiType.PERSON_NAME && n > 0 && (double) (c[0] + c[1]) / n >= 0.3) {
            confidence = 0.55;
        } else {
            return Optional.empty();
        }
        if (against) {
            confidence -= 0.35;
        }
        confidence = Math.min(0.99, confidence);
        return confidence < TypeEvidence.REPORTED ? Optional.empty()
                : Optional.of(new TypeEvidence(type, round(confidence), matched, n, hinted ? hint : null, null));
    }

    /**
     * Dates of birth among date columns: ages (to {@code today}) between 0 and 120 for nearly every
     * value; with a name hint that is enough, without one the ages must also look like people's
     * (median 18–95, birth years spread over 15 years or more), and the confidence stays medium.
     */
    private void dateOfBirth(String name, List<String> values, List<TypeEvidence> found) {
        TypeEvidence date = found.stream().filter(t -> t.type() == PiiType.DATE).findFirst().orElse(null);
        String hint = ColumnNames.hint(name, PiiType.DATE_OF_BIRTH).orElse(null);
        if (date == null) {
            return;
        }
        long[] ages = values.stream().map(Formats::date).filter(d -> d != null)
                .mapToLong(d -> ChronoUnit.YEARS.between(d, today)).sorted().toArray();
        if (ages.length == 0) {
            return;
        }
        long plausible = Arrays.stream(ages).filter(a -> a >= 0 && a <= 120).count();
        double share = (double) plausible / ages.length;
        long median = ages[ages.length / 2];
        long span = ages[ages.length - 1] - ages[0];
        String detail = "median age " + median + ", ages " + ages[0] + "–" + ages[ages.length - 1];
        if (hint != null && share >= 0.9) {
            found.remove(date);
            found.add(new TypeEvidence(PiiType.DATE_OF_BIRTH, 0.97, (int) plausible, values.size(), hint, detail));
        } else if (hint == null && share >= 0.95 && median >= 18 && median <= 95 && span >= 15
                && !EVENT_DATE.matcher(name).find()) {
            found.remove(date);
            found.add(new TypeEvidence(PiiType.DATE_OF_BIRTH, 0.7, (int) plausible, values.size(), null, detail));
        }
    }

    private static void suppressWeakFormats(List<TypeEvidence> found) {
        boolean checksummed = found.stream().anyMatch(t -> (t.type().nationalId() || t.type() == PiiType.IBAN
                || t.type() == PiiType.PAYMENT_CARD) && t.high());
        if (checksummed) {
            found.removeIf(t -> WEAK_FORMATS.contains(t.type()) && t.nameHint() == null);
        }
    }

    static double round(double x) {
        return Math.round(x * 100) / 100.0;
    }
}
