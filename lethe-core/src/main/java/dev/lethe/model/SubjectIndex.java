package dev.lethe.model;

import dev.lethe.data.Dataset;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Each subject's live rows, in a few {@code int} arrays and no object per subject: the subjects' groups
 * of rows side by side ({@link #rows}, each group ascending), and an open-addressing table from a
 * subject's hash to its group (linear probing). A group's key is the subject of its first live row, read
 * from the rows themselves, so the index holds no subject string. A {@code HashMap<String, int[]>} of a
 * 5 M-row table (1.25 M subjects) allocated about 100 MB in small objects at its first lookup, which the
 * next young collections then copied; these arrays are a few large ones (results/spark.md, twelfth session).
 *
 * <p>{@link #remove} takes a row out as its forget commits, before the row is erased: its group closes
 * up; a group left empty leaves the table (backward-shift deletion, no tombstone) and its hash is
 * cleared, so no trace of a forgotten subject's ID stays here. Not thread-safe: {@link TrainingRecords}
 * guards it.
 */
final class SubjectIndex {

    /** Each group's rows, ascending, at {@link #start}; unused slots (rows removed) hold -1. */
    private final int[] rows;
    private final int[] start;
    private final int[] count;
    /** Each live group's {@link #hash(String)}; 0 once the group is empty. */
    private final int[] groupHash;
    /** Group + 1 per slot, 0 when empty; at most half full. */
    private final int[] table;
    private final int mask;

    private SubjectIndex(int[] rows, int[] start, int[] count, int[] groupHash, int[] table) {
        this.rows = rows;
        this.start = start;
        this.count = count;
        this.groupHash = groupHash;
        this.table = table;
        this.mask = table.length - 1;
    }

    /** The index of {@code data}'s rows that have a subject (an erased row has none). */
    static SubjectIndex of(Dataset data) {
        int n = data.size();
        int[] groupOfRow = new int[n];
        int[] hashes = new int[16];
        int[] counts = new int[16];
        int[] firstRow = new int[16];
        int[] table = new int[64];
        int groups = 0;
        for (int i = 0; i < n; i++) {
            String s = data.subjectId(i);
            if (s == null) {
                groupOfRow[i] = -1;
                continue;
            }
            int h = hash(s);
            int m = table.length - 1;
            int slot = h & m;
            int g;
            while (true) {
                g = table[slot] - 1;
                if (g < 0 || hashes[g] == h && s.equals(data.subjectId(firstRow[g]))) {
                    break;
                }
                slot = (slot + 1) & m;
            }
            if (g < 0) {
                g = groups++;
                if (g == hashes.length) {
                    hashes = Arrays.copyOf(hashes, 2 * g);
                    counts = Arrays.copyOf(counts, 2 * g);
                    firstRow = Arrays.copyOf(firstRow, 2 * g);
                }
                hashes[g] = h;
                firstRow[g] = i;
                table[slot] = g + 1;
                if (2 * groups > table.length) {
                    table = rehash(hashes, groups, 2 * table.length);
                }
            }
            counts[g]++;
            groupOfRow[i] = g;
        }
        int[] start = new int[groups];
        for (int g = 1; g < groups; g++) {
            start[g] = start[g - 1] + counts[g - 1];
        }
        int[] rows = new int[groups == 0 ? 0 : start[groups - 1] + counts[groups - 1]];
        int[] fill = start.clone();
        for (int i = 0; i < n; i++) {
            if (groupOfRow[i] >= 0) {
                rows[fill[groupOfRow[i]]++] = i;
            }
        }
        return new SubjectIndex(rows, start, Arrays.copyOf(counts, groups), Arrays.copyOf(hashes, groups), table);
    }

    private static int[] rehash(int[] hashes, int groups, int size) {
        int[] table = new int[size];
        int m = size - 1;
        for (int g = 0; g < groups; g++) {
            int slot = hashes[g] & m;
            while (table[slot] != 0) {
                slot = (slot + 1) & m;
            }
            table[slot] = g + 1;
        }
        return table;
    }

    /** {@code String.hashCode} spread over all bits (MurmurHash3's 32-bit finaliser), since the table uses the low ones. */
    private static int hash(String s) {
        int h = s.hashCode();
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >>> 16);
    }

    /** The table slot of {@code subject}'s group, or -1. */
    private int slotOf(Dataset data, String subject) {
        int h = hash(subject);
        for (int slot = h & mask; ; slot = (slot + 1) & mask) {
            int g = table[slot] - 1;
            if (g < 0) {
                return -1;
            }
            if (groupHash[g] == h && count[g] > 0 && subject.equals(data.subjectId(rows[start[g]]))) {
                return slot;
            }
        }
    }

    /** The subject's live rows, ascending (empty when none). */
    int[] rowsOf(Dataset data, String subject) {
        int slot = slotOf(data, subject);
        if (slot < 0) {
            return new int[0];
        }
        int g = table[slot] - 1;
        return Arrays.copyOfRange(rows, start[g], start[g] + count[g]);
    }

    /** Takes {@code row} out of its subject's group; call it while the row still names its subject. */
    void remove(Dataset data, int row) {
        String subject = data.subjectId(row);
        int slot = subject == null ? -1 : slotOf(data, subject);
        if (slot < 0) {
            return;
        }
        int g = table[slot] - 1;
        int from = start[g];
        int p = Arrays.binarySearch(rows, from, from + count[g], row);
        if (p < 0) {
            return;
        }
        System.arraycopy(rows, p + 1, rows, p, from + count[g] - p - 1);
        rows[from + --count[g]] = -1;
        if (count[g] == 0) {
            delete(slot);
            groupHash[g] = 0;
        }
    }

    /** Linear probing's deletion without a tombstone: later entries of the same run move back over the hole. */
    private void delete(int hole) {
        int i = hole;
        for (int j = (i + 1) & mask; table[j] != 0; j = (j + 1) & mask) {
            int home = groupHash[table[j] - 1] & mask;
            boolean staysPut = i <= j ? i < home && home <= j : i < home || home <= j;
            if (!staysPut) {
                table[i] = table[j];
                i = j;
            }
        }
        table[i] = 0;
    }

    /** The subjects with a live row. */
    Set<String> subjects(Dataset data) {
        Set<String> out = new LinkedHashSet<>();
        for (int g = 0; g < start.length; g++) {
            if (count[g] > 0) {
                out.add(data.subjectId(rows[start[g]]));
            }
        }
        return out;
    }

    /** Table slots in use: one per subject with a live row (for tests: an emptied group leaves none behind). */
    int occupiedSlots() {
        int n = 0;
        for (int t : table) {
            n += t != 0 ? 1 : 0;
        }
        return n;
    }
}
