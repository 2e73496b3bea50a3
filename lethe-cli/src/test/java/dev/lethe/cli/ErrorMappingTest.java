package dev.lethe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Failures become exit codes in one place, by kind (issue 11, section 6): every mistake a user can
 * make exits 2 with one line, and a plain runtime exception (a defect) exits 3 with its stack trace.
 */
class ErrorMappingTest extends SmallModel {

    @Test
    void badInputsExit2WithOneLine() throws IOException {
        Path noA = dir.resolve("no-a.csv");
        Files.writeString(noA, "pid,y,c\n1,yes,\"u\"\n");
        Path headerOnly = dir.resolve("empty.csv");
        Files.writeString(headerOnly, "pid,person,y,a,c\n");
        String out = dir.resolve("z.lethe").toString();
        List<List<String>> bad = List.of(
                List.of("train", "--data", data.toString(), "--label", "y", "--drop", "y", "--model", "test-prior", "--out", out),
                List.of("train", "--data", data.toString(), "--label", "y", "--id", "y", "--model", "test-prior", "--out", out),
                List.of("train", "--data", data.toString(), "--label", "y", "--subject", "pid", "--id", "pid", "--model",
                        "test-prior", "--out", out),
                List.of("forget", "--model", model.toString(), "--subject", "", "--no-ledger"),
                List.of("forget", "--model", model.toString(), "--feature", "nosuch", "--no-ledger"),
                List.of("predict", "--model", model.toString(), "--data", noA.toString()),
                List.of("evaluate", "--model", model.toString(), "--data", headerOnly.toString()),
                List.of("evaluate", "--model", model.toString(), "--data", noA.toString()),
                List.of("bench", "forget", "--data", data.toString(), "--label", "y", "--model", "test-prior", "--forgets", "0"),
                List.of("bench", "forget", "--data", data.toString(), "--label", "y", "--model", "test-prior", "--forgets", "50"),
                List.of("bench", "forget", "--data", data.toString(), "--label", "y", "--model", "test-prior", "--classes",
                        "nope"));
        byte[] before = Files.readAllBytes(model);
        for (List<String> args : bad) {
            CliRunner r = CliRunner.run(args.toArray(String[]::new));
            assertThat(r.code()).as(args + "\n" + r.err()).isEqualTo(2);
            // progress lines may come first; the failure itself is one line, with no stack trace
            assertThat(r.err().lines().filter(l -> l.startsWith("lethe: ")).count()).as(args + "\n" + r.err()).isEqualTo(1);
            assertThat(r.err()).as(args.toString()).doesNotContain("Exception").doesNotContain("\tat ")
                    .doesNotContain("internal error");
        }
        assertThat(Files.readAllBytes(model)).isEqualTo(before);
    }

    @Test
    void messagesEchoAtMostAHundredCharactersOfWhatTheUserGave() throws IOException {
        String huge = "x".repeat(10_000);
        Path ids = dir.resolve("ids.txt");
        Files.writeString(ids, "101\n" + huge + "\n");
        Path cell = dir.resolve("cell.csv");
        Files.writeString(cell, "pid,y,a,c\n1,\"yes\"," + huge + ",\"u\"\n");
        Path header = dir.resolve("header.csv");
        Files.writeString(header, huge + ",y," + huge + "\n1,2,3\n");
        List<List<String>> echoing = List.of(
                List.of("forget", "--model", model.toString(), "--records", ids.toString(), "--no-ledger"),
                List.of("evaluate", "--model", model.toString(), "--data", cell.toString()),
                List.of("train", "--data", header.toString(), "--label", "y", "--model", "test-prior", "--out", "z"),
                List.of("train", "--data", data.toString(), "--label", "y", "--model", "test-prior", "--set", "alpha=" + huge,
                        "--out", "z"),
                List.of("forget", "--model", model.toString(), "--feature", huge, "--no-ledger"));
        for (List<String> args : echoing) {
            CliRunner r = CliRunner.run(args.toArray(String[]::new));
            assertThat(r.code()).as(args.get(0)).isEqualTo(2);
            String message = r.err().lines().filter(l -> l.startsWith("lethe: ")).findFirst().orElseThrow();
            assertThat(message).as(args.get(0)).contains("'" + "x".repeat(100) + "'… (10000 characters)")
                    .doesNotContain("x".repeat(101));
        }
    }

    @Test
    void anUnknownCommandIsAnErrorNamingItWhateverFollows() {
        for (List<String> args : List.of(List.of("nosuchcommand", "--help"), List.of("nosuchcommand"),
                List.of("nosuchcommand", "--version"), List.of("data", "nosuch", "--help"))) {
            CliRunner r = CliRunner.run(args.toArray(String[]::new));
            assertThat(r.code()).as(args.toString()).isEqualTo(2);
            String unknown = args.get(0).equals("data") ? args.get(1) : args.get(0);
            assertThat(r.err()).as(args.toString()).contains("unknown command '" + unknown + "'");
            assertThat(r.out()).as(args.toString()).doesNotContain("Usage:");
        }
        CliRunner help = CliRunner.run("--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("Usage: lethe");
        assertThat(CliRunner.run("forget", "--help").code()).isZero();
    }

    @Test
    void anUnexpectedRuntimeExceptionIsAnInternalErrorWithItsStackTrace() {
        for (RuntimeException defect : List.of(new IllegalArgumentException("a library check that is a bug"),
                new IllegalStateException("a broken invariant"), new NullPointerException("oops"))) {
            CommandLine cli = Main.commandLine();
            cli.addSubcommand("boom", new CommandLine(new Boom(defect)));
            StringWriter err = new StringWriter();
            cli.setErr(new PrintWriter(err));
            cli.setOut(new PrintWriter(new StringWriter()));
            assertThat(cli.execute("boom")).as(defect.toString()).isEqualTo(Main.INTERNAL_ERROR);
            assertThat(err.toString()).contains("internal error").contains(defect.getMessage()).contains("at dev.lethe");
        }
    }

    @Test
    void anIoErrorThatEscapesACommandIsTheUsersToFix() {
        CommandLine cli = Main.commandLine();
        cli.addSubcommand("boom", new CommandLine(new Boom(new java.io.UncheckedIOException(
                new java.nio.file.AccessDeniedException("/somewhere/file.csv")))));
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("boom")).isEqualTo(Main.USER_ERROR);
        assertThat(err.toString().strip()).isEqualTo("lethe: /somewhere/file.csv: I/O error: permission denied");
    }

    @CommandLine.Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        private final RuntimeException failure;

        Boom(RuntimeException failure) {
            this.failure = failure;
        }

        @Override
        public Integer call() {
            throw failure;
        }
    }
}
