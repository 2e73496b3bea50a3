package dev.lethe.cli;

/**
 * A child process of {@link ForgetSafetyTest}: {@code ForgetInChild MODEL RECEIPT_PREFIX ID...} runs
 * one {@code lethe forget --record ID} per ID, one after the other, each a full command with its own
 * read-modify-write of the model file, so two such processes contend for the file many times.
 */
public final class ForgetInChild {

    private ForgetInChild() {
    }

    public static void main(String[] args) {
        int failed = 0;
        for (int i = 2; i < args.length; i++) {
            int code = Main.run("forget", "--model", args[0], "--record", args[i], "--no-ledger",
                    "--receipt", args[1] + args[i] + ".json");
            failed += code == 0 ? 0 : 1;
        }
        System.exit(failed == 0 ? 0 : 1);
    }
}
