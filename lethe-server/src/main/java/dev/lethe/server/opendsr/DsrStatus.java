package dev.lethe.server.opendsr;

import dev.lethe.store.RequestState;
import java.util.Collection;
import java.util.Locale;

/**
 * The status of an OpenDSR request (section 8), derived from the states of the workflow requests that
 * carry it out: all stored → pending; some planned into a batch or done → in progress; all done →
 * completed; cancelled by the controller, or failed in the workflow → cancelled (the status response's
 * extensions say which).
 */
public enum DsrStatus {
    PENDING, IN_PROGRESS, COMPLETED, CANCELLED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFinal() {
        return this == COMPLETED || this == CANCELLED;
    }

    public static DsrStatus ofWire(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** The status of a request carried out by workflow requests in {@code states} (none: nothing to do). */
    public static DsrStatus of(Collection<RequestState> states) {
        if (states.contains(RequestState.FAILED)) {
            return CANCELLED;
        }
        if (states.stream().allMatch(s -> s == RequestState.DONE)) {
            return COMPLETED;
        }
        if (states.stream().allMatch(s -> s == RequestState.SUBMITTED)) {
            return PENDING;
        }
        return IN_PROGRESS;
    }
}
