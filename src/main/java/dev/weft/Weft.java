package dev.weft;

import dev.weft.cli.WeftCommand;
import io.micronaut.configuration.picocli.MicronautFactory;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.exceptions.BeanInstantiationException;
import io.micronaut.context.exceptions.ConfigurationException;
import picocli.CommandLine;

/**
 * Entry point of the {@code weft} command. The workspace's {@code weft.yml} is layered over the
 * built-in defaults, and environment variables over both, so secrets never need to live in git.
 */
public final class Weft {

    private Weft() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        WorkspaceConfig.applyTo(System.getProperties());
        try (ApplicationContext context = ApplicationContext.builder(Weft.class, "cli").start()) {
            CommandLine cli = new CommandLine(WeftCommand.class, new MicronautFactory(context));
            cli.setExecutionExceptionHandler((ex, line, parseResult) -> {
                line.getErr().println("error: " + StartupErrors.describe(ex));
                return 1;
            });
            return cli.execute(args);
        } catch (ConfigurationException | BeanInstantiationException e) {
            System.err.println("error: " + StartupErrors.describe(e));
            return 2;
        } catch (RuntimeException e) {
            // An unreadable configuration file fails while the context starts, before any command runs.
            System.err.println("error: " + StartupErrors.describe(e));
            return 2;
        }
    }
}
