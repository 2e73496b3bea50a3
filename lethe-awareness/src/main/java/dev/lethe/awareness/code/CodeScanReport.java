package dev.lethe.awareness.code;

import java.util.List;
import java.util.Map;

/**
 * The result of scanning a source tree: training sites, how many files of each language were read,
 * and the files skipped with why (unreadable, binary, too large, not UTF-8, syntax errors, symlink loops).
 */
public record CodeScanReport(String root, int filesScanned, Map<String, Integer> skipped, List<String> warnings,
                             List<TrainingSite> sites) {

    public List<TrainingSite> gaps() {
        return sites.stream().filter(s -> !s.registered()).toList();
    }
}
