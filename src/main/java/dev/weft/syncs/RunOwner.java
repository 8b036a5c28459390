package dev.weft.syncs;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.UUID;

/**
 * Who runs a sync: a replica (this process's executor and scheduler) in a process on a host. Runs and
 * leases record it, so a process on the same host can see at once that the owner's process is gone.
 *
 * @param pidNamespace the Linux pid namespace ({@code pid:[4026531836]}), null elsewhere: two
 *                     containers may share a host name, and a pid means something only in its namespace
 */
public record RunOwner(String replica, String host, Long pid, String pidNamespace) {

    private static final String HOST = hostName();
    private static final String PID_NAMESPACE = pidNamespaceOfThisProcess();

    /** A new replica id in this process. */
    static RunOwner newReplica() {
        return new RunOwner("replica-" + UUID.randomUUID().toString().substring(0, 8), HOST, ProcessHandle.current().pid(),
                PID_NAMESPACE);
    }

    /**
     * True when this owner's process ran where {@code observer} runs (same host, same pid namespace)
     * and no longer exists there.
     */
    boolean processGoneAsSeenBy(RunOwner observer) {
        return pid != null && host != null && host.equals(observer.host) && Objects.equals(pidNamespace, observer.pidNamespace)
                && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    }

    /** "replica-1a2b3c4d (process 1234 on host x)", for messages. */
    String describe() {
        return replica + (pid == null ? "" : " (process " + pid + " on host " + host + ")");
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            String env = System.getenv("HOSTNAME");
            return env == null || env.isBlank() ? "unknown-host" : env;
        }
    }

    private static String pidNamespaceOfThisProcess() {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null; // not Linux: no pid namespaces
        }
    }
}
