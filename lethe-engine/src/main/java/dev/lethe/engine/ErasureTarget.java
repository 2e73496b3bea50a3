package dev.lethe.engine;

import dev.lethe.model.ForgetRequest;
import dev.lethe.model.Plugins;
import dev.lethe.store.DatasetInfo;
import dev.lethe.store.Registry;
import java.util.List;
import java.util.Map;

/**
 * Data that a home registers but does not store itself (a data lake's table, say), erased by the
 * worker together with the registry's own records: a plug-in found with {@link java.util.ServiceLoader}
 * (register in {@code META-INF/services/dev.lethe.engine.ErasureTarget}), so that the engine
 * depends on no lake engine. The worker calls every target once per batch, after the registry's
 * own erasure and before the receipts are written; the target makes the registry models trained on
 * its data forget first (storing their versions and model receipts through the registry, so they
 * reach the request's receipt and ledger entry like any model's), then erases the data itself.
 *
 * <p>A worker killed after a target ran and before the receipts were committed calls it again for
 * the same batch: a target must then skip what it did (a model whose current version is already
 * the batch's) and report what it finds.
 */
public interface ErasureTarget {

    /** Every target on the class path. */
    Plugins<ErasureTarget> ALL = new Plugins<>(ErasureTarget.class, ErasureTarget::name);

    /**
     * The target's name, which the {@link DatasetInfo#source() source} of every dataset it holds names
     * as {@code target=<name>}: the worker refuses to finish a batch while such a dataset's target is
     * missing from the class path.
     */
    String name();

    /** The target a dataset is held by (its source's {@code target=} line), or null for the registry's own. */
    static String kindOf(DatasetInfo dataset) {
        for (String line : dataset.source().split("\n")) {
            if (line.startsWith("target=")) {
                return line.substring("target=".length());
            }
        }
        return null;
    }

    /**
     * Erases what the batch's requests cover from this target's data.
     *
     * @param requests the batch's live requests by request ID
     * @return by request ID, what was erased; requests that reached none of its data may be left out
     */
    Map<String, Erased> erase(Registry registry, long batch, Map<String, ForgetRequest> requests);

    /**
     * What a target erased for one request, for its receipt.
     *
     * @param records  how many records (rows) left the target's data
     * @param datasets one entry per dataset reached: its name and what the erasure did, with no personal data
     */
    record Erased(int records, List<String> datasets) {
        public Erased {
            datasets = List.copyOf(datasets);
        }
    }
}
