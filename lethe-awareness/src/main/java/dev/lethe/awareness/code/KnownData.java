package dev.lethe.awareness.code;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What a Lethe home knows about a data source named in code: the dataset imported from it, its column tags, its models. */
public interface KnownData {

    /**
     * @param dataset    the registered dataset's name
     * @param tags       personal data types per column (the scan with users' tags applied)
     * @param modelled   whether any model in the registry was trained on it (erasure requests reach those)
     */
    record Known(String dataset, Map<String, List<String>> tags, boolean modelled) {
    }

    Optional<Known> lookup(String source);

    /** No home: nothing is registered, every training site is a gap. */
    KnownData NONE = source -> Optional.empty();
}
