package dev.lethe.audit.ledger;

import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.Guarantee;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** A separate process for {@link LedgerProcessesTest}: appends {@code COUNT} receipts under IDs {@code PREFIX-i}, one at a time. */
public final class LedgerAppender {

    private LedgerAppender() {
    }

    public static void main(String[] args) {
        Ledger ledger = Ledger.open(Path.of(args[0]));
        int count = Integer.parseInt(args[2]);
        for (int i = 0; i < count; i++) {
            ForgetRequest request = ForgetRequest.Records.of(i);
            ForgetReceipt receipt = new ForgetReceipt("nb", request.kind(), request.summary(), new long[] {i}, Guarantee.EXACT,
                    Duration.ofNanos(1), null, null, Instant.now(), Map.of());
            ledger.append(receipt, request, args[1] + "-" + i);
        }
    }
}
