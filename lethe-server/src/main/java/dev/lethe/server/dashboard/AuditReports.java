package dev.lethe.server.dashboard;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where the Models page finds a model's audit reports (the self-contained HTML that
 * {@code lethe audit} writes with its ROC and deletion-curve charts). The registry keeps no audit
 * of its own yet; whatever stores them (the native API's audit jobs) plugs in here, and the
 * dashboard lists each model's reports and serves them under {@code /ui/models/NAME/audits/ID}.
 */
public interface AuditReports {

    /** No report anywhere. */
    AuditReports NONE = new AuditReports() {
        @Override
        public List<Summary> of(String model) {
            return List.of();
        }

        @Override
        public Optional<String> html(String model, String id) {
            return Optional.empty();
        }
    };

    /**
     * One audit of one model version.
     *
     * @param id      names the report among the model's (letters, digits, '-', '_' and '.')
     * @param verdict a one-line outcome, e.g. "forgetting verified" or "membership advantage 0.12"
     */
    record Summary(String id, int version, Instant at, String verdict) {
        public Summary {
            if (id == null || !id.matches("[A-Za-z0-9._-]{1,100}")) {
                throw new IllegalArgumentException("an audit report ID has 1 to 100 letters, digits, '.', '_' or '-', got '" + id + "'");
            }
        }
    }

    /** The model's reports, newest first. */
    List<Summary> of(String model);

    /** The HTML of one report. */
    Optional<String> html(String model, String id);
}
