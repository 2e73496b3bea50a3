package dev.lethe.privacy.anonymise;

import dev.lethe.data.TextTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Small random tables for the anonymisation tests: an ID, a number, a hierarchical and a flat category, a sensitive value. */
final class Tables {

    static final String[] CITIES = {"Oslo", "Bergen", "Lyon", "Nice", "Porto"};
    static final String[] TOWNS = {"a", "b", "c"};

    private Tables() {
    }

    static TextTable random(long seed, int n) {
        Random r = new Random(seed);
        List<String[]> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new String[] {"id" + i, String.valueOf(18 + r.nextInt(60)), CITIES[r.nextInt(CITIES.length)],
                    TOWNS[r.nextInt(TOWNS.length)], "d" + r.nextInt(4)});
            lines.add(i + 2);
        }
        return new TextTable("random.csv", List.of("id", "age", "city", "town", "disease"), rows, lines);
    }

    /** city → country → region, as a hierarchy file would give it. */
    static Hierarchy cities() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"Bergen", "Norway", "North"});
        rows.add(new String[] {"Lyon", "France", "South"});
        rows.add(new String[] {"Nice", "France", "South"});
        rows.add(new String[] {"Porto", "Portugal", "South"});
        return Hierarchy.read(new TextTable("cities.csv", List.of("Oslo", "Norway", "North"), rows, List.of(2, 3, 4, 5)));
    }
}
