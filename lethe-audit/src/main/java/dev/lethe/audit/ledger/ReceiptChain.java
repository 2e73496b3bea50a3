package dev.lethe.audit.ledger;

import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.UnlearnableModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The receipts in a ledger that led to a model's present state: the entries of its family whose
 * state digests chain back from the model's digest, oldest first. An audit judges each of them.
 */
public final class ReceiptChain {

    private ReceiptChain() {}

    public static List<ForgetReceipt> of(Ledger ledger, UnlearnableModel m) {
        Map<String, LedgerEntry> byDigestAfter = new HashMap<>();
        for (LedgerEntry e : ledger.entries()) {
            if (e.family().equals(m.family()) && e.digestAfter() != null) {
                byDigestAfter.put(e.digestAfter(), e);
            }
        }
        List<ForgetReceipt> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String digest = m.stateDigest();
        while (byDigestAfter.containsKey(digest) && seen.add(digest)) {
            LedgerEntry e = byDigestAfter.get(digest);
            out.add(e.receipt());
            digest = e.digestBefore();
        }
        Collections.reverse(out);
        return out;
    }
}
