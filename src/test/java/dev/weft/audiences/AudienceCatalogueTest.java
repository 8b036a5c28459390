package dev.weft.audiences;

import dev.weft.Workspace;
import dev.weft.audit.AuditLog;
import dev.weft.store.Store;
import dev.weft.testing.TestDuckDb;
import dev.weft.testing.TestStores;
import dev.weft.warehouse.Warehouses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A saved audience read before the models it needs exist is "not ready", not "invalid". */
class AudienceCatalogueTest {

    @TempDir
    Path dir;

    @Test
    void aSavedAudienceWithoutItsModelsIsNotReadyRatherThanInvalid() throws Exception {
        Files.createDirectories(dir.resolve("audiences"));
        Files.writeString(dir.resolve("audiences/vips.json"), "{\"name\": \"VIPs\", \"conditions\": []}");
        Workspace workspace = new Workspace(dir.toString());
        TestDuckDb.init(dir, "local.duckdb"); // an empty warehouse: no traits or events model yet
        try (Store store = TestStores.h2(dir);
             Warehouses warehouses = new Warehouses(List.of(TestDuckDb.config("local", dir)), "local", workspace)) {
            AudiencesConfig config = new AudiencesConfig(null, null, null, null);
            AudienceSchemaCache schemas = new AudienceSchemaCache(config, warehouses);
            AudienceRepository repository = new AudienceRepository(store);
            GitAudiences git = new GitAudiences(workspace);
            AuditLog audit = new AuditLog(store);
            AudienceCatalogue catalogue = new AudienceCatalogue(warehouses, schemas, repository, git, List.of(),
                    new PriorityLists(warehouses, git, repository, new PriorityListRepository(store), List.of(), audit), audit, config);
            assertThatThrownBy(() -> catalogue.definitionOf(catalogue.existing("vips")))
                    .isInstanceOf(AudiencesNotReadyException.class).hasMessageContaining("profile_traits");
        }
    }
}
