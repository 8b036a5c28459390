package dev.weft.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** This machine's addresses, to check that a listener answers on loopback and nowhere else. */
public final class NetworkAddresses {

    private NetworkAddresses() {
    }

    /** An IPv4 address of this machine other than loopback; skips the test when the machine has none. */
    public static InetAddress nonLoopback() {
        Optional<InetAddress> found;
        try {
            found = NetworkInterface.networkInterfaces().filter(NetworkAddresses::up)
                    .flatMap(NetworkInterface::inetAddresses)
                    .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                    .findFirst();
        } catch (SocketException e) {
            throw new IllegalStateException(e);
        }
        Assumptions.assumeTrue(found.isPresent(), "this machine has no non-loopback IPv4 address to try");
        return found.get();
    }

    /*
     * Ports a test listens on come from below Linux's ephemeral range (32768 and up): an outgoing connection (a JDBC
     * pool, a browser driver, an HTTP client) takes its local port from that range, and could take a port there between
     * the moment it was found free and the moment the test's server binds it. Each JVM starts at a random place and
     * never hands out a port twice, so two servers of one test run never get the same one.
     */
    private static final int LISTEN_PORTS_FROM = 20_000;
    private static final int LISTEN_PORTS_TO = 32_000;
    private static final AtomicInteger NEXT_LISTEN_PORT =
            new AtomicInteger(ThreadLocalRandom.current().nextInt(LISTEN_PORTS_TO - LISTEN_PORTS_FROM));

    /** A TCP port free on loopback a moment ago, for a listener a test configures, or one nothing should answer on. */
    public static int freePort() {
        for (int tried = 0; tried < LISTEN_PORTS_TO - LISTEN_PORTS_FROM; tried++) {
            int port = LISTEN_PORTS_FROM + Math.floorMod(NEXT_LISTEN_PORT.getAndIncrement(), LISTEN_PORTS_TO - LISTEN_PORTS_FROM);
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (IOException taken) {
                // another listener has it: try the next
            }
        }
        throw new IllegalStateException("no free TCP port between " + LISTEN_PORTS_FROM + " and " + LISTEN_PORTS_TO);
    }

    /** True when a TCP connection to the address and port is accepted (within a second). */
    public static boolean accepts(InetAddress address, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 1000);
            return true;
        } catch (IOException e) {
            // refused, timed out or unreachable
            return false;
        }
    }

    private static boolean up(NetworkInterface i) {
        try {
            return i.isUp() && !i.isLoopback();
        } catch (SocketException e) {
            return false;
        }
    }
}
