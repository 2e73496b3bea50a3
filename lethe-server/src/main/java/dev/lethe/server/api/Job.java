package dev.lethe.server.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.lethe.server.Problem;
import dev.lethe.server.Role;
import java.time.Instant;
import java.util.Map;

/**
 * A snapshot of a long operation (import, train, audit) as its status resource shows it, as stored
 * in the registry ({@link JobStore}).
 *
 * @param progress between 0 and 1
 * @param stage    what it is doing now, in words
 * @param result   what it produced once {@code succeeded}, else {@code null}
 * @param error     why it failed once {@code failed}, else {@code null}
 * @param updatedAt when it last reported progress or finished
 * @param startedBy the public ID of the API key that started it
 * @param owner     the role that started it: only that role may see it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Job(String id, String kind, State state, double progress, String stage, Instant createdAt,
                  Instant updatedAt, Instant finishedAt, Map<String, Object> result, Problem error, String startedBy,
                  @JsonIgnore Role owner) {

    /** Where a job stands. */
    public enum State {
        @JsonProperty("queued") QUEUED,
        @JsonProperty("running") RUNNING,
        @JsonProperty("succeeded") SUCCEEDED,
        @JsonProperty("failed") FAILED
    }

    @JsonProperty("links")
    public Map<String, String> links() {
        return Map.of("self", "/api/v1/jobs/" + id);
    }
}
