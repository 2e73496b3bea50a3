package dev.lethe.cli;

import dev.lethe.model.Lethe;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** The top-level {@code lethe} command. */
@Command(name = "lethe", mixinStandardHelpOptions = true, versionProvider = LetheCommand.Version.class,
        description = "Lethe: train models that can forget, make them forget, and prove it.",
        subcommands = {
                TrainCommand.class,
                ForgetCommand.class,
                PredictCommand.class,
                EvaluateCommand.class,
                VerifyCommand.class,
                AuditCommand.class,
                LedgerCommand.class,
                DemoCommand.class,
                BenchCommand.class,
                InitCommand.class,
                DataCommand.class,
                ModelCommand.class,
                RequestCommand.class,
                RequestsCommand.class,
                WorkerCommand.class,
                ModelsCommand.class,
                KeysCommand.class,
                ServeCommand.class,
                DpCommand.class,
                AnonymiseCommand.class,
                RiskCommand.class,
                PrivacyCommand.class,
                ScanCommand.class,
                InventoryCommand.class,
        })
public final class LetheCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"lethe " + Lethe.version()};
        }
    }
}
