package dev.lethe.store;

import java.nio.file.Path;

/**
 * A process for the crash test of the scrub, run in a child JVM: {@code ScrubbingMain HOME} erases the
 * rows of subject {@code zq-k-person} for k = 0, 1, 2, … and scrubs after each erasure, printing
 * {@code erased k} once the erasure has committed, until it is killed.
 */
public final class ScrubbingMain {

    private ScrubbingMain() {
    }

    public static void main(String[] args) {
        try (LetheHome home = TestHomes.open(Path.of(args[0]))) {
            Registry r = home.registry();
            DatasetInfo d = r.datasets().list().get(0);
            for (int k = 0; ; k++) {
                long[] rows = {d.firstRecord() + 2L * k, d.firstRecord() + 2L * k + 1};
                r.database().transaction(c -> r.datasets().erase(c, rows));
                System.out.println("erased " + k);
                System.out.flush();
                r.scrubErasedData();
            }
        }
    }
}
