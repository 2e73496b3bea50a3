package dev.lethe.audit.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.model.ConflictException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fork guard on the worker's entries, which name each model and its digests in their details. */
class DigestChainsTest {

    private static List<DigestChains.Transition> worker(String model, String before, String after) {
        return DigestChains.of("nb", null, null, Map.of("model." + model + ".digestBefore", before,
                "model." + model + ".digestAfter", after, "model." + model + ".version", "2"));
    }

    private static void append(DigestChains chains, List<DigestChains.Transition> transitions) {
        DigestChains.Staged staged = chains.stage();
        staged.add(transitions);
        chains.record(transitions);
    }

    @Test
    void theRequestsOfOneBatchShareTheirModelsTransition() {
        DigestChains chains = new DigestChains();
        append(chains, worker("m", "d0", "d1"));
        append(chains, worker("m", "d0", "d1"));
        append(chains, worker("m", "d1", "d2"));
        assertThatThrownBy(() -> chains.stage().add(worker("m", "d0", "d9"))).isInstanceOf(ConflictException.class)
                .hasMessageContaining("model 'm'").hasMessageContaining("d0").hasMessageContaining("d2");
    }

    @Test
    void modelsAreToldApartByNameAndAStateReachedAgainMayBeLeftAgain() {
        DigestChains chains = new DigestChains();
        append(chains, worker("a", "d0", "d1"));
        append(chains, worker("b", "d0", "d5")); // another model trained alike
        append(chains, worker("a", "d1", "d0")); // a relabel undone: back at d0
        append(chains, worker("a", "d0", "d7"));
        assertThat(DigestChains.of("nb", null, null, Map.of("model.a.digestBefore", "null", "model.a.digestAfter", "d1")))
                .as("a model without digests records nothing").isEmpty();
    }

    @Test
    void aStagedBatchThatIsRefusedChangesNothing() {
        DigestChains chains = new DigestChains();
        append(chains, worker("m", "d0", "d1"));
        DigestChains.Staged staged = chains.stage();
        staged.add(worker("m", "d1", "d2"));
        assertThatThrownBy(() -> staged.add(worker("m", "d1", "d3"))).isInstanceOf(ConflictException.class);
        append(chains, worker("m", "d1", "d3"));
    }

    @Test
    void aBatchsRepeatedTransitionIsCheckedOnceAndAForkAfterItIsStillRefused() {
        DigestChains chains = new DigestChains();
        DigestChains.Staged staged = chains.stage();
        List<DigestChains.Transition> shared = worker("m", "d0", "d1");
        staged.add(shared);
        staged.add(shared);
        staged.add(worker("m", "d1", "d2"));
        staged.add(shared.subList(0, shared.size())); // equal again, but not the one before: checked, and d0 → d1 still holds
        assertThatThrownBy(() -> staged.add(worker("m", "d0", "d9"))).isInstanceOf(ConflictException.class);
        chains.record(shared);
        chains.record(shared);
        chains.record(worker("m", "d1", "d2"));
        chains.record(shared); // recorded again after d1 → d2 (not skipped): the model is at d1 again, as without the shortcut
        chains.stage().add(worker("m", "d1", "d9"));
        assertThatThrownBy(() -> chains.stage().add(worker("m", "d0", "d9"))).isInstanceOf(ConflictException.class);
    }
}
