package dev.weft.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.WeftException;
import dev.weft.Workspace;
import dev.weft.audiences.AudienceCatalogue;
import dev.weft.audiences.AudiencePreviews;
import dev.weft.audiences.AudienceRepository;
import dev.weft.audiences.AudienceSchemaCache;
import dev.weft.audiences.AudiencesConfig;
import dev.weft.audiences.GitAudiences;
import dev.weft.audiences.PriorityLists;
import dev.weft.audit.AuditLog;
import dev.weft.warehouse.SqlTemplates;
import dev.weft.warehouse.Warehouse;
import dev.weft.warehouse.WarehouseConfig;
import dev.weft.warehouse.Warehouses;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * {@code weft bench audiences}: builds synthetic profile_traits / profile_events / weft_profiles in a
 * DuckDB of its own ({@code .weft/bench/audiences.duckdb}, so the workspace's warehouse is untouched),
 * then times repeated previews of a typical three-condition audience through the same service the API
 * uses, and prints p50 / p95.
 */
@Command(name = "audiences", description = "Time audience previews on synthetic profiles in DuckDB.")
public class AudiencesBenchCommand implements Runnable {

    static final String TYPICAL = """
            {"conditions": [
              {"type": "trait", "column": "lifetime_value", "operator": "greater_than_or_equal", "value": 500},
              {"type": "trait", "column": "country", "operator": "in", "value": ["DE", "FR", "NL"]},
              {"type": "event", "event": "order_completed", "count": {"operator": "at_least", "value": 1},
               "window": {"last": {"amount": 30, "unit": "days"}}}
            ]}""";

    @Inject
    Provider<Workspace> workspaceProvider;
    @Inject
    Provider<AudienceRepository> repository;
    @Inject
    Provider<GitAudiences> git;
    @Inject
    Provider<AuditLog> audit;
    @Inject
    Provider<PriorityLists> priorityLists;
    @Spec
    CommandSpec spec;

    @Option(names = "--profiles", defaultValue = "1000000", description = "Profiles to generate (default ${DEFAULT-VALUE}).")
    int profiles;
    @Option(names = "--events-per-profile", defaultValue = "10", description = "Average events per profile (default ${DEFAULT-VALUE}).")
    int eventsPerProfile;
    @Option(names = "--runs", defaultValue = "30", description = "Timed previews (default ${DEFAULT-VALUE}), after 3 untimed.")
    int runs;
    @Option(names = "--keep", description = "Reuse the tables of a previous run with the same sizes.")
    boolean keep;

    @Override
    public void run() {
        if (profiles < 1 || profiles > 100_000_000 || eventsPerProfile < 0 || eventsPerProfile > 1000 || runs < 1) {
            throw new WeftException("--profiles must be 1..100000000, --events-per-profile 0..1000, --runs at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        Workspace workspace = workspaceProvider.get();
        Path file = workspace.stateDir().resolve("bench").resolve("audiences-" + profiles + "x" + eventsPerProfile + ".duckdb");
        boolean reuse = keep && Files.exists(file);
        if (!reuse) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new WeftException("cannot replace " + file + ": " + e.getMessage(), e);
            }
        }
        WarehouseConfig config = new WarehouseConfig("bench", "duckdb", file.toString(), null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null);
        try (Warehouses bench = new Warehouses(List.of(config), "bench", workspace)) {
            Warehouse w = bench.create("bench");
            if (!reuse) {
                long t0 = System.nanoTime();
                w.executeAll(SqlTemplates.statements(w.dialect(), "audiences/bench_data.sql",
                        Map.of("profiles", profiles, "events_per_profile", eventsPerProfile)));
                out.printf("generated %,d profiles and %,d events in %.1f s%n", profiles, w.queryLong(SqlTemplates.render(w.dialect(), "audiences/bench_events.sql", Map.of())).orElse(0L),
                        (System.nanoTime() - t0) / 1e9);
                out.flush();
            }
            AudiencesConfig audiences = new AudiencesConfig(null, null, null, null);
            AudienceSchemaCache schemas = new AudienceSchemaCache(audiences, bench);
            AudienceCatalogue catalogue = new AudienceCatalogue(bench, schemas, repository.get(), git.get(), List.of(),
                    priorityLists.get(), audit.get(), audiences);
            AudiencePreviews service = new AudiencePreviews(bench, catalogue, schemas, repository.get());
            JsonNode body = new ObjectMapper().createObjectNode().set("definition", parse(TYPICAL));
            AudiencePreviews.Preview last = null;
            for (int i = 0; i < 3; i++) {
                last = service.preview(body);
            }
            List<Double> millis = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                long t = System.nanoTime();
                last = service.preview(body);
                millis.add((System.nanoTime() - t) / 1e6);
            }
            Collections.sort(millis);
            out.printf("preview of a three-condition audience (lifetime_value >= 500, country in 3, order_completed in the last 30 days)"
                    + " on %,d profiles: %,d members%n", profiles, last.count());
            out.printf("p50 %.0f ms, p95 %.0f ms, min %.0f ms, max %.0f ms over %d runs%n", pct(millis, 50), pct(millis, 95),
                    millis.get(0), millis.get(millis.size() - 1), runs);
            out.flush();
        }
    }

    private static double pct(List<Double> sorted, int p) {
        int idx = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, idx)));
    }

    private static JsonNode parse(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
