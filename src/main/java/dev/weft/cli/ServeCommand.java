package dev.weft.cli;

import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;

/** Runs the REST API (and, with the syncs feature, the scheduler) until the process is stopped. */
@Command(name = "serve", description = "Run the REST API and the scheduler.")
public class ServeCommand implements Runnable {

    @Inject
    EmbeddedServer server;

    @Override
    public void run() {
        server.start();
        System.out.println("weft serving on " + server.getURL());
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            server.stop();
        }
    }
}
