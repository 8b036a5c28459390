package dev.weft.api.contract;

import dev.weft.demo.DemoPipeline;
import dev.weft.demo.DemoRun;
import dev.weft.warehouse.Warehouse;
import dev.weft.warehouse.Warehouses;
import io.micronaut.context.ApplicationContext;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The demo's workspace for contract tests: {@code weft demo} (models, identity, audiences and syncs on 10,000
 * synthetic customers in the embedded DuckDB) runs once per JVM, and each test class gets its own copy, so
 * its server (one per class) may change it freely.
 */
final class DemoFixture {

    static final String MASTER_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    /** The demo's file connection, which its syncs/*.yml name; the demo makes it in its own store only. */
    static final String CONNECTION = "demo_files";

    private static Path template;

    private DemoFixture() {
    }

    /** The properties of a server on a fresh copy of the demo workspace. */
    static Map<String, String> serverProperties() {
        return properties(copy(template()));
    }

    private static Map<String, String> properties(Path workspace) {
        return Map.of("weft.workspace", workspace.toString(), "weft.master-key", MASTER_KEY,
                "weft.destinations.file.root", workspace.toString());
    }

    private static synchronized Path template() {
        if (template == null) {
            try {
                Path workspace = Files.createTempDirectory("weft-contract-demo");
                try (ApplicationContext context = ApplicationContext.builder().properties(Map.<String, Object>copyOf(properties(workspace))).start()) {
                    Warehouses warehouses = context.getBean(Warehouses.class);
                    Warehouse warehouse = warehouses.create(warehouses.primaryName());
                    context.getBean(DemoPipeline.class).run(new DemoRun(warehouse, new PrintWriter(Writer.nullWriter())));
                }
                template = workspace;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return template;
    }

    private static Path copy(Path from) {
        try {
            Path to = Files.createTempDirectory("weft-contract");
            List<Path> paths;
            try (Stream<Path> walk = Files.walk(from)) {
                paths = walk.toList();
            }
            for (Path p : paths) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
