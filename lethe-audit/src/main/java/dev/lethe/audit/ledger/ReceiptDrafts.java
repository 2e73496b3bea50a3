package dev.lethe.audit.ledger;

import dev.lethe.model.Digests;
import dev.lethe.model.ForgetReceipt;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

/**
 * Writes the {@link EntryCodec.Draft}s of one append: each receipt's canonical JSON, field by field in
 * the order of every ledger since the first, and its SHA-256. One writer serves a whole append, so its
 * text buffer, digest, formatted instants and sorted detail keys are reused from entry to entry (a
 * worker appends thousands of receipts at once; a JSON generator and a digest per entry were most of
 * the append's allocation).
 *
 * <p>The text is the bytes Jackson's generator writes for the same fields (what a verifier re-serialises
 * from the parsed line, {@link EntryCodec#canonical}): a string without quote, backslash or control
 * character is written as it is, any other is quoted by Jackson itself ({@link EntryCodec#quoted}), numbers
 * as {@link Long#toString(long)}.
 */
final class ReceiptDrafts {

    private static final HexFormat HEX = HexFormat.of();

    /** Two caches: the append's time and the receipts' times alternate, and each repeats. */
    private final EntryCodec.Instants recorded = new EntryCodec.Instants();
    private final EntryCodec.Instants completed = new EntryCodec.Instants();
    private final EntryCodec.DetailOrder order = new EntryCodec.DetailOrder();
    private final StringBuilder out = new StringBuilder(1024);
    private final MessageDigest sha256 = Digests.sha256();

    /** A receipt's draft, appended at {@code recordedAt}; {@code subject} is the keyed hash of a subject request, else {@code null}. */
    EntryCodec.Draft draft(ForgetReceipt receipt, String subject, String requestId, long seq, String previous, Instant recordedAt) {
        out.setLength(0);
        out.append("{\"seq\":").append(seq);
        field("previousHash", previous);
        field("recordedAt", recorded.format(recordedAt));
        field("family", receipt.family());
        field("requestKind", receipt.requestKind());
        field("request", EntryCodec.requestText(receipt, subject));
        field("subject", subject);
        records(receipt.records());
        field("guarantee", receipt.guarantee().toString());
        out.append(",\"elapsedNanos\":").append(receipt.elapsed().toNanos());
        field("digestBefore", receipt.digestBefore());
        field("digestAfter", receipt.digestAfter());
        field("receiptAt", completed.format(receipt.at()));
        details(receipt.details());
        if (requestId != null) {
            field("requestId", requestId);
        }
        String text = out.append('}').toString();
        String hash = HEX.formatHex(sha256.digest(text.getBytes(StandardCharsets.UTF_8)));
        return new EntryCodec.Draft(text, hash, receipt, subject, requestId, seq, previous, recordedAt);
    }

    private void records(long[] ids) {
        out.append(",\"records\":[");
        for (int i = 0; i < ids.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(ids[i]);
        }
        out.append(']');
    }

    private void details(Map<String, String> details) {
        out.append(",\"details\":{");
        boolean first = true;
        for (String key : order.of(details)) {
            if (!first) {
                out.append(',');
            }
            first = false;
            pair(key, details.get(key));
        }
        out.append('}');
    }

    /** {@code ,"name":value} after an earlier field. */
    private void field(String name, String value) {
        out.append(',');
        pair(name, value);
    }

    private void pair(String name, String value) {
        string(name);
        out.append(':');
        if (value == null) {
            out.append("null");
        } else {
            string(value);
        }
    }

    private void string(String text) {
        if (plain(text)) {
            out.append('"').append(text).append('"');
        } else {
            out.append(EntryCodec.quoted(text));
        }
    }

    /** Whether JSON writes the string as it is between quotes: no quote, backslash or control character. */
    private static boolean plain(String text) {
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }
}
