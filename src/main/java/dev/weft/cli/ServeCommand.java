package dev.weft.cli;

import dev.weft.StartupErrors;
import dev.weft.WeftException;
import dev.weft.pipeline.PipelineTriggers;
import dev.weft.store.CredentialVault;
import dev.weft.syncs.SyncScheduler;
import io.micronaut.context.annotation.Value;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import picocli.CommandLine.Command;

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
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            running.stop();
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
