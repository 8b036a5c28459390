package dev.weft.bench;

import dev.weft.WeftException;
import dev.weft.models.ModelProject;
import dev.weft.models.ModelsCommand;
import dev.weft.warehouse.duckdb.DuckDbDialect;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code weft bench models --count 500}: generates a project of that many models in a temporary
 * folder (each refs up to three earlier ones and uses config, var, source, a macro and, for every
 * tenth, an incremental branch) and times what {@code weft models compile} does: read, render every
 * model, build and order the DAG, write the compiled SQL.
 */
@Command(name = "models", description = "Time compiling a generated project of N models.")
public class ModelsBenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = "--count", defaultValue = "500", description = "Models to generate (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--repeat", defaultValue = "3", description = "Timed compiles; the first also pays JIT warm-up (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        Path dir;
        try {
            dir = Files.createTempDirectory("weft-bench-models");
            generate(dir, count);
        } catch (IOException e) {
            throw new WeftException("cannot generate the benchmark project: " + e.getMessage(), e);
        }
        try {
            out.printf("generated %d models in %s%n", count, dir);
            List<Long> millis = new ArrayList<>();
            // CPU time too: on a shared machine wall time also measures the neighbours.
            com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            for (int i = 1; i <= repeat; i++) {
                long t0 = System.nanoTime();
                long cpu0 = os.getProcessCpuTime();
                ModelProject project = ModelProject.load(dir, new DuckDbDialect(), "bench", Map.of());
                project.writeCompiled(project.graph().order(), dir.resolve(".weft/compiled/duckdb"));
                long ms = (System.nanoTime() - t0) / 1_000_000;
                millis.add(ms);
                out.printf("compile %d: %d models in %d ms wall, %d ms CPU (all threads)%n", i, project.models().size(), ms,
                        (os.getProcessCpuTime() - cpu0) / 1_000_000);
                out.flush();
            }
            out.printf("first %d ms, best %d ms (%d models: read, render, DAG, write; system load average %.1f)%n",
                    millis.get(0), millis.stream().min(Long::compare).orElseThrow(), count, os.getSystemLoadAverage());
        } finally {
            delete(dir);
        }
        out.flush();
    }

    static void generate(Path root, int count) throws IOException {
        Path models = Files.createDirectories(root.resolve("models"));
        Files.createDirectories(root.resolve("macros"));
        Files.writeString(root.resolve("macros/clean.sql"), """
                {% macro clean(column) -%}
                case when lower(trim({{ column }})) in ('', 'null', 'undefined') then null else trim({{ column }}) end
                {%- endmacro %}
                """);
        Files.writeString(models.resolve("sources.yml"), """
                version: 2
                sources:
                  - name: raw
                    tables:
                      - name: events
                        identifier: raw_events
                """);
        for (int i = 0; i < count; i++) {
            Path folder = Files.createDirectories(models.resolve("layer_" + (i / 50)));
            StringBuilder sql = new StringBuilder();
            boolean incremental = i % 10 == 9;
            sql.append(incremental ? "{{ config(materialized='incremental', unique_key='id') }}\n"
                    : "{{ config(materialized='" + (i % 3 == 0 ? "table" : "view") + "') }}\n");
            sql.append("-- generated model ").append(i).append("\n");
            sql.append("select m0.id, {{ clean('m0.name') }} as name, m0.amount * {{ var('factor', 1) }} as amount, m0.updated_at\n");
            if (i == 0) {
                sql.append("from {{ source('raw', 'events') }} m0\n");
            } else {
                sql.append("from {{ ref('m").append(i - 1).append("') }} m0\n");
                int[] more = {i / 2, i / 3};
                for (int k = 0; k < more.length; k++) {
                    if (more[k] != i - 1) {
                        sql.append("left join {{ ref('m").append(more[k]).append("') }} m").append(k + 1)
                                .append(" on m").append(k + 1).append(".id = m0.id\n");
                    }
                }
            }
            if (incremental) {
                sql.append("{% if is_incremental() %}\nwhere m0.updated_at > (select max(updated_at) from {{ this }})\n{% endif %}\n");
            }
            Files.writeString(folder.resolve("m" + i + ".sql"), sql.toString());
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp folder left behind is harmless
        }
    }
}
