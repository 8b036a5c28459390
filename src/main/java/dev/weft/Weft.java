package dev.weft;

import dev.weft.cli.CommandRelay;
import dev.weft.cli.WeftCommand;
import io.micronaut.configuration.picocli.MicronautFactory;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.exceptions.BeanInstantiationException;
import io.micronaut.context.exceptions.ConfigurationException;
import picocli.CommandLine;

import java.io.IOException;
import java.util.OptionalInt;

/**
 * Entry point of the {@code weft} command. The workspace's {@code weft.yml} is layered over the
 * built-in defaults, and environment variables over both, so secrets never need to live in git.
 */
public final class Weft {

    private Weft() {
    }

    public static void main(String[] args) {
        // Arrow (Snowflake results, BigQuery reads) needs this allocator; bin/weft sets it, `java -jar` may not.
        System.getProperties().putIfAbsent("arrow.allocation.manager.type", "Unsafe");
        // Before logging starts: the server logs each run; a CLI command prints its own results, so it logs warnings only.
        System.getProperties().putIfAbsent("weft.log.default", serving(args) ? "INFO" : "WARN");
        System.exit(run(args));
    }

    static int run(String[] args) {
        if (helpRequested(args)) {
            return 0;
        }
        WorkspaceConfig.applyTo(System.getProperties());
        if (!serving(args)) {
            OptionalInt relayed = relayed(args);
            if (relayed.isPresent()) {
                return relayed.getAsInt();
            }
        }
        // Only the server keeps Micronaut's metrics (a scrape reads them); other commands start without them.
        String[] environments = serving(args) ? new String[] {"cli"} : new String[] {"cli", "command"};
        try (ApplicationContext context = ApplicationContext.builder(Weft.class, environments).start()) {
            return WeftCommand.commandLine(new MicronautFactory(context)).execute(args);
        } catch (ConfigurationException | BeanInstantiationException e) {
            System.err.println("error: " + StartupErrors.describe(e));
            return 2;
        } catch (RuntimeException e) {
            // An unreadable configuration file fails while the context starts, before any command runs.
            System.err.println("error: " + StartupErrors.describe(e));
            return 2;
        }
    }

    /**
     * The exit code of {@code args} run by the {@code weft serve} that holds this workspace's embedded warehouse
     * ({@link CommandRelay}), or empty when none is serving it.
     */
    private static OptionalInt relayed(String[] args) {
        try {
            return CommandRelay.forward(new Workspace(System.getProperty("weft.workspace", ".")).stateDir(), args,
                    System.out, System.err);
        } catch (IOException e) {
            System.err.println("error: " + e.getMessage());
            return OptionalInt.of(1);
        }
    }

    private static boolean serving(String[] args) {
        return args.length > 0 && args[0].equals("serve");
    }

    /**
     * Answers {@code --help}, {@code --version} and a bare {@code weft} without starting the application
     * context: printing usage needs no store, warehouse or configuration, and starting them costs seconds.
     * Arguments that do not parse go on to the full start, which reports them as usual.
     */
    private static boolean helpRequested(String[] args) {
        CommandLine plain;
        try {
            plain = new CommandLine(WeftCommand.class);
        } catch (CommandLine.InitializationException e) {
            return false;
        }
        if (args.length == 0) {
            plain.usage(System.out);
            return true;
        }
        try {
            return CommandLine.printHelpIfRequested(plain.parseArgs(args));
        } catch (CommandLine.ParameterException e) {
            return false;
        }
    }
}
