package dev.weft.cli;

import dev.weft.StartupErrors;
import dev.weft.WeftException;
import dev.weft.Workspace;
import dev.weft.pipeline.PipelineTriggers;
import dev.weft.store.CredentialVault;
import dev.weft.syncs.SyncScheduler;
import dev.weft.warehouse.Warehouses;
import io.micronaut.configuration.picocli.MicronautFactory;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Value;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.net.BindException;

/**
 * Runs the REST API (and, with the syncs feature, the scheduler; with the pipeline, its triggers) until the process is stopped. Beans are
 * resolved only when this command runs (picocli builds every subcommand up front), and a configuration
 * error or a missing or wrong WEFT_MASTER_KEY stops the start with one line, before the port opens.
 */
@Command(name = "serve", description = "Run the REST API, the sync scheduler and the pipeline's triggers.")
public class ServeCommand implements Runnable {

    @Inject
    Provider<EmbeddedServer> server;

    @Inject
    Provider<CredentialVault> credentials;

    @Inject
    Provider<SyncScheduler> scheduler;

    @Inject
    Provider<Warehouses> warehouses;

    @Inject
    Provider<Workspace> workspace;

    @Inject
    ApplicationContext context;

    @Inject
    Provider<PipelineTriggers> pipeline;

    /** Where the metrics and health endpoints listen (docs/operating.md), on the API's address. */
    @Value("${endpoints.all.port}")
    int managementPort;

    @Override
    public void run() {
        credentials.get().requireKeyToServe();
        EmbeddedServer running = server.get();
        try {
            running.start();
        } catch (RuntimeException e) {
            if (StartupErrors.rootCause(e) instanceof BindException) {
                throw new WeftException("cannot listen on port " + running.getPort() + " (WEFT_PORT) or " + managementPort
                        + " (WEFT_MANAGEMENT_PORT): one is in use; stop the other process or set that variable to a free port", e);
            }
            throw e;
        }
        System.out.println("weft serving on " + listeningOn(running.getHost(), running.getPort()));
        System.out.println("metrics (/prometheus) and health (/health/readiness) on "
                + listeningOn(running.getHost(), managementPort));
        // Only here, never in plain CLI commands: merge leftover ack journals, then run syncs on their schedules.
        scheduler.get().start();
        // And the pipeline on weft.pipeline.schedule and whenever the sources' watermark poll sees new rows.
        pipeline.get().start();
        try (CommandRelay relay = relayCommands()) {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            running.stop();
        }
    }

    /**
     * With an embedded warehouse, which this process now holds, the CLI's commands run here ({@link CommandRelay});
     * null with server warehouses only, where the CLI opens its own connections side by side.
     */
    private CommandRelay relayCommands() {
        if (!warehouses.get().anyEmbedded()) {
            return null;
        }
        try {
            CommandRelay relay = CommandRelay.listen(workspace.get().stateDir(), (args, out, err) -> {
                if (args.length > 0 && args[0].equals("serve")) {
                    err.println("error: weft serve is already running for this workspace");
                    return 1;
                }
                CommandLine cli = WeftCommand.commandLine(new MicronautFactory(context));
                cli.setOut(out);
                cli.setErr(err);
                return cli.execute(args);
            });
            System.out.println("CLI commands in this workspace run here while it serves (the embedded warehouse is held)");
            return relay;
        } catch (IOException e) {
            LoggerFactory.getLogger(ServeCommand.class).warn("CLI commands cannot run through this server: {}", e.getMessage());
            return null;
        }
    }

    /** Where the server really listens: the address it bound (a wildcard address means every interface). */
    static String listeningOn(String host, int port) {
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            return "every interface, port " + port + " (WEFT_HOST=" + host + ")";
        }
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
