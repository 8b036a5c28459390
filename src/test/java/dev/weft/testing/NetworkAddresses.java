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

    /** A TCP port free on loopback a moment ago, for a listener a test configures, or one nothing should answer on. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
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
