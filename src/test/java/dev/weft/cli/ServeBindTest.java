package dev.weft.cli;

import dev.weft.testing.NetworkAddresses;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * By default the API and the management port (metrics, health) listen on loopback only, and
 * {@code weft serve} says where it really listens.
 */
class ServeBindTest {

    @Test
    void theApiAndTheManagementPortAnswerOnLoopbackAndNotOnTheMachinesOtherAddress() throws Exception {
        String store = "jdbc:h2:mem:bind-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";
        int management = NetworkAddresses.freePort(); // not the default 9090: other checkouts test on this machine too
        // Only the built-in configuration (no "test" environment, which would not change the host either).
        try (ApplicationContext context = ApplicationContext.run(Map.of("weft.store.url", store, "micronaut.server.port", -1,
                "endpoints.all.port", management))) {
            EmbeddedServer server = context.getBean(EmbeddedServer.class).start();
            try {
                int port = server.getPort();
                InetAddress outside = NetworkAddresses.nonLoopback();
                for (int listening : new int[] {port, management}) {
                    assertThat(NetworkAddresses.accepts(InetAddress.getByName("127.0.0.1"), listening)).as("port " + listening).isTrue();
                    assertThat(NetworkAddresses.accepts(outside, listening)).as("listening on " + outside + ":" + listening).isFalse();
                }
                assertThat(ServeCommand.listeningOn(server.getHost(), port)).isEqualTo("http://127.0.0.1:" + port);
            } finally {
                server.stop();
            }
        }
    }

    @Test
    void aWildcardHostIsPrintedAsEveryInterface() {
        assertThat(ServeCommand.listeningOn("0.0.0.0", 8080)).isEqualTo("every interface, port 8080 (WEFT_HOST=0.0.0.0)");
        assertThat(ServeCommand.listeningOn("::1", 8080)).isEqualTo("http://[::1]:8080");
    }
}
