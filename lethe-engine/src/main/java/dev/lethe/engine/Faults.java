package dev.lethe.engine;

/**
 * Told of each {@link Step} the worker completes. Production workers use {@link #NONE}; crash tests
 * inject one that halts the JVM at a chosen step (it lives with the tests, not here), and tests of
 * partial failures one that throws.
 */
@FunctionalInterface
public interface Faults {

    Faults NONE = step -> {
    };

    void reached(Step step);
}
