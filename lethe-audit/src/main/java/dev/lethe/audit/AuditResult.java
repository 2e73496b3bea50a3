package dev.lethe.audit;

import dev.lethe.audit.metrics.ForgettingQuality;
import dev.lethe.audit.oracle.OracleResult;
import dev.lethe.model.Provenance;
import java.util.List;
import java.util.Map;

/**
 * Everything an audit found, for {@link dev.lethe.audit.report.ReportWriter} and the command line.
 *
 * @param family        the audited family
 * @param provenance    the audited model's provenance
 * @param trainingRows  rows of the training data
 * @param heldOutRows   rows of the held-out data
 * @param oracle        the retrain oracle's comparison
 * @param attacks       every attack's outcome
 * @param verdicts      forgetting quality per receipt (and for all forgotten records)
 * @param quality       the NeurIPS 2023 forgetting quality over repeated runs, or {@code null} if not run
 * @param exposed       the most exposed training records, most exposed first
 * @param curves        accuracy versus deletions per method
 * @param options       how the audit ran
 * @param phaseMillis   wall time per phase (oracle, shadows, attacks, …), in order
 */
public record AuditResult(String family, Provenance provenance, int trainingRows, int heldOutRows, OracleResult oracle,
                          List<AttackOutcome> attacks, List<ForgettingVerdict> verdicts, ForgettingQuality.Result quality,
                          List<ExposedRecord> exposed, List<DeletionCurve> curves, AuditOptions options,
                          Map<String, Long> phaseMillis) {

    public AuditResult {
        attacks = List.copyOf(attacks);
        verdicts = List.copyOf(verdicts);
        exposed = List.copyOf(exposed);
        curves = List.copyOf(curves);
        phaseMillis = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(phaseMillis));
    }

    public int forgottenCount() {
        return oracle.forgotten().size();
    }

    /** The outcome of the attack with this name. */
    public AttackOutcome attack(String name) {
        return attacks.stream().filter(a -> a.attack().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no attack '" + name + "'; ran "
                        + attacks.stream().map(AttackOutcome::attack).toList()));
    }

    public long totalMillis() {
        return phaseMillis.values().stream().mapToLong(Long::longValue).sum();
    }
}
