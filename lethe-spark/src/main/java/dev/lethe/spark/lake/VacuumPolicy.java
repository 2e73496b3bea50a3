package dev.lethe.spark.lake;

import dev.lethe.model.InvalidInputException;

/**
 * How long VACUUM keeps files a DELETE replaced. Delta refuses a retention below its safety minimum
 * (7 days, {@value #DELTA_MINIMUM_HOURS} hours: a concurrent reader or writer may still need the
 * old files); only the user may override that check, and only then are the old files physically
 * gone right after the erase. The default is the shortest retention Delta allows with the check on.
 *
 * @param retentionHours        files replaced longer ago than this are deleted
 * @param overrideSafetyCheck   whether the user accepted a retention below Delta's minimum
 */
public record VacuumPolicy(double retentionHours, boolean overrideSafetyCheck) {

    public static final double DELTA_MINIMUM_HOURS = 168;

    public VacuumPolicy {
        if (!(retentionHours >= 0) || Double.isInfinite(retentionHours)) {
            throw new InvalidInputException("vacuum retention: expected hours ≥ 0, got " + retentionHours);
        }
        if (retentionHours < DELTA_MINIMUM_HOURS && !overrideSafetyCheck) {
            throw new InvalidInputException("vacuum retention " + retentionHours + " h is below Delta's safety minimum of "
                    + DELTA_MINIMUM_HOURS + " h; pass --override-retention-check to accept it");
        }
    }

    /** Delta's minimum with its safety check on: old files stay for a week. */
    public static VacuumPolicy deltaDefault() {
        return new VacuumPolicy(DELTA_MINIMUM_HOURS, false);
    }

    /** Old files deleted at once: the user overrides Delta's check. */
    public static VacuumPolicy immediate() {
        return new VacuumPolicy(0, true);
    }
}
