package dev.weft.cli;

import dev.weft.StartupErrors;
import dev.weft.audit.Actor;
import dev.weft.bench.BenchCommand;
import dev.weft.demo.DemoCommand;
import dev.weft.syncs.SyncsCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/**
 * The {@code weft} command; each feature adds its own subcommand class. picocli instantiates every
 * subcommand when the CLI starts, so subcommands inject services as {@code jakarta.inject.Provider<T>}
 * and call {@code get()} in {@code run()}: otherwise every command would open the store, warehouses and
 * the credential vault (and fail on a missing WEFT_MASTER_KEY) whatever the user ran. {@code --help} and
 * {@code --version} are inherited by every subcommand.
 */
@Command(name = "weft", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, versionProvider = WeftVersion.class,
        description = "Warehouse-native identity resolution and reverse ETL.",
        subcommands = {ServeCommand.class, TokensCommand.class, AuditCommand.class, DemoCommand.class,
                dev.weft.models.ModelsCommand.class, dev.weft.identity.IdentityCommand.class, SyncsCommand.class,
                dev.weft.audiences.AudiencesCommand.class, dev.weft.pipeline.PipelineCommand.class, WarehouseCommand.class,
                BenchCommand.class})
public class WeftCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /**
     * The {@code weft} command line, its beans from {@code factory}. A command runs as the
     * {@link Actor#cli() CLI actor}, so the writes it makes are audited as {@code cli:<os user>}; {@code weft serve}
     * runs as no one, each request then acting as its token and scheduled work as Weft.
     */
    public static CommandLine commandLine(CommandLine.IFactory factory) {
        CommandLine cli = new CommandLine(WeftCommand.class, factory);
        CommandLine.IExecutionStrategy run = new CommandLine.RunLast();
        cli.setExecutionStrategy(parsed -> {
            boolean serve = parsed.hasSubcommand() && parsed.subcommand().commandSpec().userObject() instanceof ServeCommand;
            return serve ? run.execute(parsed) : Actor.cli().actFor(() -> run.execute(parsed));
        });
        cli.setExecutionExceptionHandler((ex, line, parseResult) -> {
            line.getErr().println("error: " + StartupErrors.describe(ex));
            return 1;
        });
        return cli;
    }
}
