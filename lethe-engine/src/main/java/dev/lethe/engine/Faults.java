package dev.lethe.engine;

/**
 * The fault-injection hook: the worker reports each {@link Step} it completes. Crash tests use
 * {@link #haltAt} in a child worker process to stop the JVM dead at a chosen step, as {@code kill -9}
 * would, and check that a restarted worker completes the work correctly.
 */
@FunctionalInterface
public interface Faults {

    Faults NONE = step -> {
    };

    /** System property naming the step at which {@link #fromSystemProperties()} halts the JVM. */
    String HALT_PROPERTY = "lethe.fault.halt";

    void reached(Step step);

    /** Halts the JVM (exit status 137, no shutdown hooks) the {@code occurrence}-th time {@code step} is reached. */
    static Faults haltAt(Step step, int occurrence) {
        int[] seen = {0};
        return reached -> {
            if (reached == step && ++seen[0] == occurrence) {
                Runtime.getRuntime().halt(137);
            }
        };
    }

    /** {@link #haltAt} configured by {@code -Dlethe.fault.halt=STEP[:occurrence]}, or no faults. */
    static Faults fromSystemProperties() {
        String spec = System.getProperty(HALT_PROPERTY);
        if (spec == null || spec.isBlank()) {
            return NONE;
        }
        String[] parts = spec.split(":");
        return haltAt(Step.valueOf(parts[0].trim().toUpperCase(java.util.Locale.ROOT)),
                parts.length > 1 ? Integer.parseInt(parts[1].trim()) : 1);
    }
}
