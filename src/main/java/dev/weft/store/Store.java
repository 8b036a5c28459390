package dev.weft.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.weft.StateFiles;
import dev.weft.WeftException;
import dev.weft.Workspace;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.flywaydb.core.Flyway;
import org.h2.api.ErrorCode;
import org.h2.engine.SysProperties;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Base64;

/**
 * The operational store: a pooled connection, migrated by Flyway from {@code db/store} on first use,
 * and a jOOQ {@link DSLContext} over it. Features keep their own tables in their own migration files
 * (V1-V9 foundation, V10+ models, V20+ identity, V30+ audiences, V40+ syncs, V50+ destinations).
 *
 * <p>The embedded H2 store lives in {@code .weft/store/} (owner-only). Its automatic server, which lets a
 * second process (a CLI command beside {@code weft serve}) use the same file, listens on 127.0.0.1 only,
 * and the database has a password: a random one kept in {@code .weft/store/password} (owner-only) unless
 * {@code weft.store.password} sets one.
 */
@Singleton
public class Store implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Store.class);
    private static final String LOOPBACK = "127.0.0.1";

    static {
        // H2 reads this once, when its first class loads, and binds every server it starts (AUTO_SERVER's
        // included) to it; without it the auto-server listens on every interface. Set unconditionally:
        // the store is never to be reachable from another machine.
        System.setProperty("h2.bindAddress", LOOPBACK);
    }

    private final HikariDataSource dataSource;
    private final DSLContext dsl;
    private final SQLDialect dialect;

    public Store(StoreConfig config, Workspace workspace) {
        boolean embedded = config.url() == null || config.url().isBlank();
        String user = config.user();
        String password = config.password();
        String url;
        if (embedded) {
            Path dir = workspace.stateDir().resolve("store");
            StateFiles.privateDirectory(workspace.stateDir());
            StateFiles.privateDirectory(dir);
            url = embeddedUrl(dir);
            user = user == null ? "" : user;
            password = password != null ? password : StateFiles.readOrCreatePrivate(dir.resolve("password"), newPassword());
            setPasswordOnceOn(url, user, password, dir);
        } else {
            url = config.url();
        }
        this.dialect = url.startsWith("jdbc:postgresql:") ? SQLDialect.POSTGRES : SQLDialect.H2;
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("weft-store");
        hc.setJdbcUrl(url);
        if (user != null) {
            hc.setUsername(user);
        }
        if (password != null) {
            hc.setPassword(password);
        }
        hc.setMaximumPoolSize(config.maxConnections() == null ? 10 : config.maxConnections());
        hc.setMinimumIdle(0);
        try {
            this.dataSource = new HikariDataSource(hc);
            Flyway.configure().dataSource(dataSource).locations("classpath:db/store").load().migrate();
        } catch (RuntimeException e) {
            throw embedded ? StateFiles.failure("weft.store: cannot open the embedded store in "
                    + workspace.stateDir().resolve("store"), workspace.stateDir().resolve("store"), e)
                    : new WeftException("weft.store: cannot open the store at " + StoreConfig.redact(url) + ": " + e.getMessage(), e);
        }
        this.dsl = DSL.using(dataSource, dialect);
    }

    /**
     * WRITE_DELAY=0: H2 otherwise writes commits to disk up to a second late, and a killed process would lose
     * committed rows (the sync ack journal relies on a commit being durable). AUTO_SERVER only while H2 binds
     * to loopback, which fails only when something loaded H2 before this class could set the property.
     */
    private static String embeddedUrl(Path dir) {
        boolean loopbackOnly = LOOPBACK.equals(SysProperties.BIND_ADDRESS);
        if (!loopbackOnly) {
            LOG.warn("H2 was started with h2.bindAddress={}; the embedded store runs without its automatic server, "
                    + "so only this process can open it", SysProperties.BIND_ADDRESS);
        }
        return "jdbc:h2:file:" + dir.resolve("weft") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
                + (loopbackOnly ? ";AUTO_SERVER=TRUE" : "") + ";WRITE_DELAY=0";
    }

    /**
     * Stores made before the store had a password have an empty one: give them {@code password}. A new
     * store is created with it by the first connection.
     */
    private static void setPasswordOnceOn(String url, String user, String password, Path dir) {
        try (Connection ignored = DriverManager.getConnection(url, user, password)) {
            return;
        } catch (SQLException e) {
            if (e.getErrorCode() != ErrorCode.WRONG_USER_OR_PASSWORD) {
                throw StateFiles.failure("weft.store: cannot open the embedded store in " + dir, dir, e);
            }
        }
        try (Connection c = DriverManager.getConnection(url, user, "");
             PreparedStatement alter = c.prepareStatement("ALTER USER " + quoted(user) + " SET PASSWORD ?")) {
            alter.setString(1, password);
            alter.execute();
            LOG.info("the embedded store in {} now has the password kept in {}", dir, dir.resolve("password"));
        } catch (SQLException e) {
            if (e.getErrorCode() != ErrorCode.WRONG_USER_OR_PASSWORD) {
                throw StateFiles.failure("weft.store: cannot open the embedded store in " + dir, dir, e);
            }
            throw new WeftException("weft.store: the embedded store in " + dir + " refuses the password in "
                    + dir.resolve("password") + " (or weft.store.password); restore the file it was made with", e);
        }
    }

    private static String quoted(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static String newPassword() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public DSLContext dsl() {
        return dsl;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** H2 (embedded) or POSTGRES; a few statements (row locks) differ. */
    public SQLDialect dialect() {
        return dialect;
    }

    @PreDestroy
    @Override
    public void close() {
        dataSource.close();
    }
}
