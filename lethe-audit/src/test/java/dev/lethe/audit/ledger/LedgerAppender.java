package dev.lethe.audit.ledger;

import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.Guarantee;
import dev.lethe.store.LetheHome;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A separate process for {@link LedgerProcessesTest}: {@code LedgerAppender HOME PREFIX COUNT [JDBC-URL]}
 * appends {@code COUNT} receipts under IDs {@code PREFIX-i} to the home's file ledger, one at a time;
 * with a PostgreSQL URL, to the ledger in that registry, in batches of ten, each redelivered once.
 */
public final class LedgerAppender {

    private LedgerAppender() {
    }

    public static void main(String[] args) {
        int count = Integer.parseInt(args[2]);
        if (args.length > 3) {
            try (LetheHome home = LetheHome.open(Path.of(args[0]), args[3], null, null)) {
                Ledger ledger = Ledger.open(home);
                if (!ledger.inDatabase()) {
                    throw new IllegalStateException("a PostgreSQL home's ledger must be in its registry");
                }
                for (int i = 0; i < count; i += 10) {
                    List<Ledger.Item> batch = LedgerTableTest.items(args[1] + "-", i, Math.min(10, count - i));
                    ledger.appendAll(batch);
                    ledger.appendAll(batch);
                }
            }
            return;
        }
        Ledger ledger = Ledger.open(Path.of(args[0]));
        for (int i = 0; i < count; i++) {
            ForgetRequest request = ForgetRequest.Records.of(i);
            ForgetReceipt receipt = new ForgetReceipt("nb", request.kind(), request.summary(), new long[] {i}, Guarantee.EXACT,
                    Duration.ofNanos(1), null, null, Instant.now(), Map.of());
            ledger.append(receipt, request, args[1] + "-" + i);
        }
    }
}
