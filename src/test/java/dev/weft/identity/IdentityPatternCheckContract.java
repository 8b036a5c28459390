package dev.weft.identity;

import dev.weft.WeftException;
import dev.weft.Workspace;
import dev.weft.audit.Actor;
import dev.weft.audit.AuditEntry;
import dev.weft.audit.AuditFilter;
import dev.weft.audit.AuditLog;
import dev.weft.store.Store;
import dev.weft.testing.TestStores;
import dev.weft.warehouse.Column;
import dev.weft.warehouse.ColumnType;
import dev.weft.warehouse.Warehouse;
import dev.weft.warehouse.WarehouseConfig;
import dev.weft.warehouse.Warehouses;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Identity patterns (blocklists, regex_replace) are checked in the warehouse's own regular-expression engine
 * when the config loads: one Java accepts and the engine refuses is reported with its file and line before
 * any run starts (one subclass per engine).
 */
abstract class IdentityPatternCheckContract {

    private static final String CONFIG = """
            identifier_types:
              user_id:
                normalize:
                  - trim
                  - {regex_replace: {pattern: '%s', replacement: ''}}
              email:
                blocklist:
                  patterns: ['@example\\.org$', '%s']
            sources:
              - name: contacts
                table: raw_contacts
                row_key: contact_id
                timestamp: updated_at
                identifiers: {email: email, user_id: user_id}
            """;
    /** Possessive quantifiers and named groups: Java accepts them, RE2 (DuckDB, BigQuery) and PostgreSQL do not. */
    private static final String POSSESSIVE = "^x++$";
    private static final String NAMED_GROUP = "(?<prefix>uid-)";

    @TempDir
    Path workspace;

    private Warehouses warehouses;
    private Warehouse wh;

    /** The warehouse under test, empty. */
    protected abstract WarehouseConfig warehouseConfig(Path dir);

    @BeforeEach
    void open() throws Exception {
        WarehouseConfig config = warehouseConfig(workspace);
        warehouses = new Warehouses(List.of(config), config.name(), new Workspace(workspace.toString()));
        wh = warehouses.create(config.name());
        wh.createTable("raw_contacts", List.of(new Column("contact_id", ColumnType.VARCHAR), new Column("email", ColumnType.VARCHAR),
                new Column("user_id", ColumnType.VARCHAR), new Column("updated_at", ColumnType.TIMESTAMP)), true);
        Files.createDirectories(workspace.resolve("identity-graph"));
    }

    @AfterEach
    void close() {
        warehouses.close();
    }

    private void writeConfig(String replacePattern, String blockPattern) throws Exception {
        Files.writeString(workspace.resolve("identity-graph/identity.yml"), CONFIG.formatted(replacePattern, blockPattern));
    }

    @Test
    void patternsTheEngineAcceptsLoad() throws Exception {
        writeConfig("^uid-", "^bot[0-9]+@");
        IdentityConfig config = IdentityConfigLoader.load(workspace.resolve("identity-graph"), wh);
        assertThat(config.type("email").orElseThrow().blockedPatterns()).contains("^bot[0-9]+@");
    }

    @Test
    void aBlocklistPatternTheEngineRefusesIsReportedWithFileAndLine() throws Exception {
        writeConfig("^uid-", POSSESSIVE);
        assertThatThrownBy(() -> IdentityConfigLoader.load(workspace.resolve("identity-graph"), wh))
                .isInstanceOf(WeftException.class)
                .hasMessageStartingWith("identity-graph/identity.yml line 8: identifier_types.email.blocklist.patterns[1]: '"
                        + POSSESSIVE + "' is not a regular expression " + wh.dialect().name() + " accepts: ");
    }

    @Test
    void aRunAndAForgetAreAuditedAsTheirActorWithoutTheForgottenIdentifier() throws Exception {
        writeConfig("^uid-", "^bot[0-9]+@");
        wh.execute("INSERT INTO raw_contacts VALUES ('c1', 'Ann@Shop.com', 'uid-1', TIMESTAMP '2026-01-01 00:00:00')");
        try (Store store = TestStores.h2(workspace)) {
            AuditLog audit = new AuditLog(store);
            IdentityService identity = new IdentityService(new Workspace(workspace.toString()), warehouses,
                    new IdentityMetrics(new SimpleMeterRegistry()), audit, new DeletionRequests(store));
            IdentityPipeline.Result run = Actor.cli().actFor(() -> identity.run(true, step -> { }));
            Actor.cli().actFor(() -> identity.forget("email:Ann@Shop.com"));

            List<AuditEntry> log = audit.list(AuditFilter.ALL, null, 10).entries();
            assertThat(log).extracting(AuditEntry::action).containsExactly("identity.forget", "identity.run");
            assertThat(log).extracting(AuditEntry::actor).containsOnly(Actor.cli().name());
            assertThat(log.get(1).subjectId()).isEqualTo(run.runId());
            assertThat(log.get(1).after().get("full").asBoolean()).isTrue();
            assertThat(log.get(0).subjectType()).isEqualTo("identifier");
            assertThat(log.get(0).subjectId()).startsWith("email:sha256:");
            assertThat(log.toString().toLowerCase(java.util.Locale.ROOT)).doesNotContain("ann@shop.com");
        }
    }

    @Test
    void aRegexReplacePatternTheEngineRefusesStopsTheRunBeforeItTouchesTheWarehouse() throws Exception {
        writeConfig(NAMED_GROUP, "^bot[0-9]+@");
        List<String> before = wh.listTables();
        try (Store store = TestStores.h2(workspace)) {
            IdentityService identity = new IdentityService(new Workspace(workspace.toString()), warehouses,
                    new IdentityMetrics(new SimpleMeterRegistry()), new AuditLog(store), new DeletionRequests(store));
            assertThatThrownBy(() -> identity.run(true, step -> { }))
                    .hasMessageStartingWith("identity-graph/identity.yml line 5: identifier_types.user_id.normalize[1].regex_replace.pattern: '"
                            + NAMED_GROUP + "' is not a regular expression " + wh.dialect().name() + " accepts: ");
        }
        assertThat(wh.listTables()).as("no run started").containsExactlyInAnyOrderElementsOf(before);
    }
}
