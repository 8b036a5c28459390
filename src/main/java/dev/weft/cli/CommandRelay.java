package dev.weft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.StateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One workspace, two entry points: while {@code weft serve} holds an embedded warehouse's file (DuckDB lets one
 * process open it), the CLI's commands run in the server. The server listens on a Unix domain socket in the
 * workspace's owner-only {@code .weft/} folder, so only the user who may open the warehouse file may connect; the
 * CLI sends its arguments and the server runs the command with its own beans (the same open warehouse), streaming
 * what it prints back, then the exit code. Frames are JSON lines: {@code {"args": [...]}} from the CLI;
 * {@code {"out": text}}, {@code {"err": text}} and, last, {@code {"exit": n}} from the server.
 */
public final class CommandRelay implements AutoCloseable {

    /** Runs one command line with its output going to {@code out} and {@code err}, answering its exit code. */
    public interface CommandRunner {
        int run(String[] args, PrintWriter out, PrintWriter err);
    }

    private static final Logger LOG = LoggerFactory.getLogger(CommandRelay.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String SOCKET = "cli.sock";

    private final Path socket;
    private final ServerSocketChannel channel;
    private final ExecutorService commands = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "weft-cli-relay");
        t.setDaemon(true);
        return t;
    });

    private CommandRelay(Path socket, ServerSocketChannel channel) {
        this.socket = socket;
        this.channel = channel;
    }

    /**
     * Listens on {@code stateDir/cli.sock} (a socket left by a server that died is replaced) and runs each command
     * it receives with {@code runner}, each on its own thread.
     */
    public static CommandRelay listen(Path stateDir, CommandRunner runner) throws IOException {
        Path socket = StateFiles.privateDirectory(stateDir).resolve(SOCKET);
        if (Files.exists(socket) && connect(socket).isPresent()) {
            throw new IOException("another weft serve is already relaying commands for this workspace (" + socket + ")");
        }
        Files.deleteIfExists(socket);
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        channel.bind(UnixDomainSocketAddress.of(socket));
        CommandRelay relay = new CommandRelay(socket, channel);
        Thread accept = new Thread(() -> relay.accept(runner), "weft-cli-relay-accept");
        accept.setDaemon(true);
        accept.start();
        return relay;
    }

    private void accept(CommandRunner runner) {
        while (channel.isOpen()) {
            SocketChannel client;
            try {
                client = channel.accept();
            } catch (IOException e) {
                if (channel.isOpen()) {
                    LOG.warn("CLI relay stopped accepting commands: {}", e.toString());
                }
                return;
            }
            commands.execute(() -> serve(client, runner));
        }
    }

    private static void serve(SocketChannel client, CommandRunner runner) {
        try (client; OutputStream raw = Channels.newOutputStream(client)) {
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(client), StandardCharsets.UTF_8));
            String request = in.readLine();
            if (request == null) {
                return;
            }
            List<String> args = new ArrayList<>();
            JSON.readTree(request).path("args").forEach(a -> args.add(a.asText()));
            FrameWriter frames = new FrameWriter(raw);
            int exit;
            try (PrintWriter out = new PrintWriter(frames.stream("out"), true);
                 PrintWriter err = new PrintWriter(frames.stream("err"), true)) {
                exit = runner.run(args.toArray(String[]::new), out, err);
            }
            frames.send(JSON.createObjectNode().put("exit", exit));
        } catch (IOException e) {
            // The CLI went away (Ctrl-C): the command has finished or failed on its own; nothing to answer.
            LOG.debug("CLI relay connection ended: {}", e.toString());
        }
    }

    /**
     * Runs {@code args} in the server relaying for the workspace whose state folder is {@code stateDir}, printing
     * what it prints; empty when no server is listening there (the command then runs in this process).
     */
    public static OptionalInt forward(Path stateDir, String[] args, PrintStream out, PrintStream err) throws IOException {
        Optional<SocketChannel> connected = connect(stateDir.resolve(SOCKET));
        if (connected.isEmpty()) {
            return OptionalInt.empty();
        }
        try (SocketChannel channel = connected.get(); OutputStream toServer = Channels.newOutputStream(channel)) {
            ObjectNode request = JSON.createObjectNode();
            List.of(args).forEach(request.putArray("args")::add);
            toServer.write((JSON.writeValueAsString(request) + "\n").getBytes(StandardCharsets.UTF_8));
            toServer.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null; ) {
                JsonNode frame = JSON.readTree(line);
                if (frame.has("exit")) {
                    return OptionalInt.of(frame.get("exit").asInt());
                }
                boolean isOut = frame.has("out");
                PrintStream target = isOut ? out : err;
                target.print(frame.path(isOut ? "out" : "err").asText());
                target.flush();
            }
            throw new IOException("weft serve closed the connection before the command finished (see its log)");
        }
    }

    private static Optional<SocketChannel> connect(Path socket) {
        if (!Files.exists(socket)) {
            return Optional.empty();
        }
        try {
            return Optional.of(SocketChannel.open(UnixDomainSocketAddress.of(socket)));
        } catch (IOException e) {
            return Optional.empty(); // a socket file left by a server that is gone
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.warn("could not remove {}: {}", socket, e.toString());
        }
        commands.shutdownNow();
    }

    /** Text written to a stream, sent as frames of that stream's name whenever the writer flushes. */
    private static final class FrameWriter {
        private final OutputStream raw;

        FrameWriter(OutputStream raw) {
            this.raw = raw;
        }

        Writer stream(String name) {
            return new Writer() {
                private final StringBuilder pending = new StringBuilder();

                @Override
                public void write(char[] buf, int off, int len) {
                    synchronized (pending) {
                        pending.append(buf, off, len);
                    }
                }

                @Override
                public void flush() throws IOException {
                    String text;
                    synchronized (pending) {
                        text = pending.toString();
                        pending.setLength(0);
                    }
                    if (!text.isEmpty()) {
                        send(JSON.createObjectNode().put(name, text));
                    }
                }

                @Override
                public void close() throws IOException {
                    flush();
                }
            };
        }

        synchronized void send(ObjectNode frame) throws IOException {
            raw.write((JSON.writeValueAsString(frame) + "\n").getBytes(StandardCharsets.UTF_8));
            raw.flush();
        }
    }
}
