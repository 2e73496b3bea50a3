package dev.lethe.engine;

import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.LetheException;
import dev.lethe.model.UnlearnableModel;
import dev.lethe.store.Lineage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Forgets the records of a batch's record and subject requests in one {@code forget} (a family
 * shares work across a batch: a forest walks each tree once, a Cholesky factor is touched once per
 * record rather than once per request) and splits its receipt into one per request.
 */
final class JointForget {

    private JointForget() {
    }

    /** A request's receipt from one model. */
    record Done(String requestId, ForgetReceipt receipt) {
    }

    /**
     * A batch forgotten in one call: each request's share of the receipt, every record it took, and the
     * same receipts as the registry stores them (one row per model and batch): the part every share has in
     * common (its records left empty) and each request's own records, in batch order.
     */
    record Joint(List<Done> done, Lineage forgotten, ForgetReceipt common, Map<String, long[]> shares) {
    }

    /**
     * Forgets {@code shares} (each request's records the model still holds, in batch order) in one
     * call. Empty when fewer than two requests share the work, or when the joint forget is refused,
     * which leaves the model as it was, so that the requests go one by one and a bad one fails alone.
     */
    static Optional<Joint> forget(UnlearnableModel model, Map<String, long[]> shares) {
        if (shares.size() < 2) {
            return Optional.empty();
        }
        Set<Long> all = new TreeSet<>();
        shares.values().forEach(ids -> Arrays.stream(ids).forEach(all::add));
        ForgetReceipt whole;
        try {
            whole = model.forget(new ForgetRequest.Records(all));
        } catch (LetheException e) {
            if (e.kind() == LetheException.Kind.UNAVAILABLE) {
                throw e; // away for now (a Spark job that gave up, say): the batch waits, no request fails
            }
            return Optional.empty();
        }
        ForgetReceipt common = common(whole, shares.size());
        List<Done> out = new ArrayList<>();
        shares.forEach((id, share) -> out.add(new Done(id, shareOf(common, share))));
        return Optional.of(new Joint(out, Lineage.of(whole.records()), common, shares));
    }

    /**
     * Each request's records among those the model holds, ascending; a record two requests share belongs
     * to the first (as one by one). Requests with no such record are left out. Each record is looked up
     * in {@code live}: a request names a few records, so intersecting whole bitmaps per request would
     * copy the model's lineage thousands of times a batch.
     */
    static Map<String, long[]> shares(List<String> requestIds, Map<String, long[]> planned, Lineage live) {
        Map<String, long[]> shares = new LinkedHashMap<>();
        Set<Long> taken = new java.util.HashSet<>();
        for (String id : requestIds) {
            long[] share = Arrays.stream(planned.getOrDefault(id, new long[0])).sorted().distinct()
                    .filter(live::contains).filter(taken::add).toArray();
            if (share.length > 0) {
                shares.put(id, share);
            }
        }
        return shares;
    }

    /**
     * A request's part of a receipt for a whole batch: its own (distinct) records with the batch's guarantee,
     * digests and facts, from the part every share has in common ({@link #common}).
     */
    static ForgetReceipt shareOf(ForgetReceipt common, long[] records) {
        return new ForgetReceipt(common.family(), "records", ForgetRequest.Records.summaryOf(records), records,
                common.guarantee(), common.elapsed(), common.digestBefore(), common.digestAfter(), common.at(), common.details());
    }

    /** What every request's share of a batch's receipt has in common: all but its records (left empty) and summary. */
    static ForgetReceipt common(ForgetReceipt whole, int requests) {
        Map<String, String> details = new LinkedHashMap<>(whole.details());
        details.put("batch_requests", Integer.toString(requests));
        details.put("batch_records", Integer.toString(whole.recordCount()));
        return new ForgetReceipt(whole.family(), "records", "", new long[0], whole.guarantee(), whole.elapsed(),
                whole.digestBefore(), whole.digestAfter(), whole.at(), details);
    }
}
