package dev.weft.store;

import dev.weft.audit.AuditLog;
import dev.weft.testing.NetworkAddresses;
import dev.weft.testing.TestStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.Reader;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded H2 store is not open to the network: its automatic server listens on loopback only, the
 * database needs the password kept owner-only in {@code .weft/store/password}, and its folders are owner-only.
 */
class EmbeddedStoreTest {

    @TempDir
    Path dir;

    @Test
    void theAutoServerAnswersOnLoopbackOnlyAndOnlyWithThePassword() throws Exception {
        try (Store store = TestStores.h2(dir)) {
            store.dsl().fetchCount(org.jooq.impl.DSL.table("weft_api_tokens"));
            Properties lock = new Properties();
            try (Reader r = Files.newBufferedReader(dir.resolve(".weft/store/weft.lock.db"))) {
                lock.load(r);
            }
            String server = lock.getProperty("server");
            assertThat(server).as("the automatic server runs").isNotNull();
            int port = Integer.parseInt(server.substring(server.lastIndexOf(':') + 1));

            assertThat(NetworkAddresses.accepts(InetAddress.getByName("127.0.0.1"), port)).isTrue();
            InetAddress outside = NetworkAddresses.nonLoopback();
            assertThat(NetworkAddresses.accepts(outside, port)).as("listening on " + outside).isFalse();

            String tcp = "jdbc:h2:tcp://127.0.0.1:" + port + "/" + lock.getProperty("id");
            assertThatThrownBy(() -> DriverManager.getConnection(tcp, "", "").close())
                    .isInstanceOf(SQLException.class).hasMessageContaining("Wrong user name or password");
            String password = Files.readString(dir.resolve(".weft/store/password")).strip();
            try (Connection c = DriverManager.getConnection(tcp, "", password)) {
                assertThat(c.isValid(1)).isTrue();
            }
        }
    }

    @Test
    void stateFoldersAndThePasswordFileAreOwnerOnly() throws Exception {
        try (Store ignored = TestStores.h2(dir)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(".weft")))).isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(".weft/store")))).isEqualTo("rwx------");
            Path password = dir.resolve(".weft/store/password");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(password))).isEqualTo("rw-------");
            assertThat(Files.readString(password).strip()).hasSizeGreaterThanOrEqualTo(40);
        }
    }

    @Test
    void aStoreMadeWithAnEmptyPasswordGetsTheGeneratedOneAndKeepsItsRows() throws Exception {
        // A store as earlier versions made it: the same file, no password.
        String file = "jdbc:h2:file:" + dir.resolve(".weft/store/weft") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
        try (Store old = new Store(new StoreConfig(file, null, null, 2), new dev.weft.Workspace(dir.toString()))) {
            new dev.weft.api.TokenService(old, new AuditLog(old)).create("kept", java.util.Set.of("admin"));
        }

        try (Store store = TestStores.h2(dir)) {
            assertThat(new dev.weft.api.TokenService(store, new AuditLog(store)).list()).extracting(t -> t.name()).containsExactly("kept");
        }
        assertThatThrownBy(() -> DriverManager.getConnection(file, "", "").close())
                .isInstanceOf(SQLException.class).hasMessageContaining("Wrong user name or password");
        try (Store reopened = TestStores.h2(dir)) {
            assertThat(new dev.weft.api.TokenService(reopened, new AuditLog(reopened)).list()).hasSize(1);
        }
    }

    @Test
    void configNeverShowsThePassword() {
        StoreConfig config = new StoreConfig("jdbc:postgresql://db:5432/weft?user=weft&password=hunter2", "weft", "s3cr3t", 4);
        assertThat(config.toString()).doesNotContain("hunter2").doesNotContain("s3cr3t").contains("password=***");
    }
}
