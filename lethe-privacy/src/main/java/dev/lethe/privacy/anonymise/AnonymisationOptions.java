package dev.lethe.privacy.anonymise;

import dev.lethe.model.InvalidInputException;
import java.util.List;
import java.util.Map;

/**
 * What to anonymise and how strongly.
 *
 * @param quasi       the quasi-identifier columns
 * @param sensitive   the sensitive column for l-diversity, or {@code null}
 * @param hierarchies per categorical quasi-identifier, its hierarchy (others are flat, or numeric)
 * @param suppress    the largest share of rows that may be suppressed, in [0, 1)
 */
public record AnonymisationOptions(List<String> quasi, String sensitive, int k, int l, Diversity diversity,
                                   Map<String, Hierarchy> hierarchies, double suppress) {

    public AnonymisationOptions {
        if (quasi.isEmpty()) {
            throw new InvalidInputException("--quasi needs at least one column");
        }
        if (k < 1) {
            throw new InvalidInputException("--k must be at least 1, got " + k);
        }
        if (l < 1) {
            throw new InvalidInputException("--l must be at least 1, got " + l);
        }
        if (l > 1 && sensitive == null) {
            throw new InvalidInputException("--l " + l + " needs --sensitive COL: l-diversity is about a sensitive column's values");
        }
        if (!(suppress >= 0 && suppress < 1)) {
            throw new InvalidInputException("--suppress must be a share in [0, 1), got " + suppress);
        }
        if (sensitive != null && quasi.contains(sensitive)) {
            throw new InvalidInputException("--sensitive " + sensitive + " is also in --quasi");
        }
        quasi = List.copyOf(quasi);
        hierarchies = Map.copyOf(hierarchies);
        for (String col : hierarchies.keySet()) {
            if (!quasi.contains(col)) {
                throw new InvalidInputException("--hierarchy " + col + ": not a --quasi column " + quasi);
            }
        }
    }
}
