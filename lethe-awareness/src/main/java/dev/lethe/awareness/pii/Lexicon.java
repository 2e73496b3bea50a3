package dev.lethe.awareness.pii;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Word lists that are value evidence: common given names and surnames of several countries
 * ({@code names.txt}) and the vocabularies of the GDPR Art. 9 categories ({@code special.txt}, each
 * line {@code CATEGORY word} or {@code CATEGORY? word} for a word that counts only with a name hint).
 */
final class Lexicon {

    private static final Set<String> NAMES = new HashSet<>();
    private static final Map<PiiType, Set<String>> SPECIAL_STRONG = new EnumMap<>(PiiType.class);
    private static final Map<PiiType, Set<String>> SPECIAL_WEAK = new EnumMap<>(PiiType.class);

    static {
        for (String line : lines("names.txt")) {
            for (String w : line.split("\\s+")) {
                if (!w.isEmpty()) {
                    NAMES.add(w.toLowerCase(Locale.ROOT));
                }
            }
        }
        for (String line : lines("special.txt")) {
            int space = line.indexOf(' ');
            String cat = line.substring(0, space);
            boolean weak = cat.endsWith("?");
            PiiType type = PiiType.valueOf(weak ? cat.substring(0, cat.length() - 1) : cat);
            (weak ? SPECIAL_WEAK : SPECIAL_STRONG).computeIfAbsent(type, t -> new HashSet<>())
                    .add(line.substring(space + 1).trim().toLowerCase(Locale.ROOT));
        }
    }

    private Lexicon() {
    }

    private static java.util.List<String> lines(String resource) {
        try (InputStream in = Lexicon.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean isName(String lowerWord) {
        return NAMES.contains(lowerWord);
    }

    static Match special(PiiType type, String lowerValue) {
        if (SPECIAL_STRONG.getOrDefault(type, Set.of()).contains(lowerValue)) {
            return Match.STRONG;
        }
        return SPECIAL_WEAK.getOrDefault(type, Set.of()).contains(lowerValue) ? Match.WEAK : Match.NONE;
    }
}
