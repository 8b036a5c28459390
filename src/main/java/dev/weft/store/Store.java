package dev.weft.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.weft.WeftException;
import dev.weft.Workspace;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

import javax.sql.DataSource;

/**
 * The operational store: a pooled connection, migrated by Flyway from {@code db/store} on first use,
 * and a jOOQ {@link DSLContext} over it. Features keep their own tables in their own migration files
 * (V1-V9 foundation, V10+ models, V20+ identity, V30+ audiences, V40+ syncs, V50+ destinations).
 */
@Singleton
public class Store implements AutoCloseable {

    private final HikariDataSource dataSource;
    private final DSLContext dsl;
    private final SQLDialect dialect;

    public Store(StoreConfig config, Workspace workspace) {
        // WRITE_DELAY=0: H2 otherwise writes commits to disk up to a second late, and a killed process
        // would lose committed rows (the sync ack journal relies on a commit being durable).
        String url = config.url() != null && !config.url().isBlank() ? config.url()
                : "jdbc:h2:file:" + workspace.stateDir().resolve("store").resolve("weft")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=TRUE;WRITE_DELAY=0";
        this.dialect = url.startsWith("jdbc:postgresql:") ? SQLDialect.POSTGRES : SQLDialect.H2;
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("weft-store");
        hc.setJdbcUrl(url);
        if (config.user() != null) {
            hc.setUsername(config.user());
        }
        if (config.password() != null) {
            hc.setPassword(config.password());
        }
        hc.setMaximumPoolSize(config.maxConnections() == null ? 10 : config.maxConnections());
        hc.setMinimumIdle(0);
        try {
            this.dataSource = new HikariDataSource(hc);
            Flyway.configure().dataSource(dataSource).locations("classpath:db/store").load().migrate();
        } catch (RuntimeException e) {
            throw new WeftException("weft.store: cannot open the store at " + redact(url) + ": " + e.getMessage(), e);
        }
        this.dsl = DSL.using(dataSource, dialect);
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

    private static String redact(String url) {
        return url.replaceAll("password=[^&;]*", "password=***");
    }

    @PreDestroy
    @Override
    public void close() {
        dataSource.close();
    }
}
