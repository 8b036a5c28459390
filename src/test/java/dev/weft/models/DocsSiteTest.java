package dev.weft.models;

import dev.weft.warehouse.duckdb.DuckDbDialect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The docs site: what the schema files say, tests, compiled SQL and lineage past the models, all escaped. */
class DocsSiteTest {

    @TempDir
    Path dir;

    private ModelProject project() throws Exception {
        Files.createDirectories(dir.resolve("models/staging"));
        Files.writeString(dir.resolve("models/staging/stg_people.sql"), "select id, email from {{ source('raw', 'people') }}");
        Files.writeString(dir.resolve("models/traits.sql"), "select id as profile_id, email from {{ ref('stg_people') }} where id < 5");
        Files.writeString(dir.resolve("models/schema.yml"), """
                version: 2
                sources:
                  - name: raw
                    description: "Everything as loaded."
                    tables:
                      - name: people
                        loaded_at_field: loaded_at
                        columns:
                          - name: email
                            description: "As typed, <b>unchecked</b>."
                models:
                  - name: stg_people
                    description: |
                      People & their emails.

                      Second paragraph.
                    columns:
                      - name: id
                        description: "The person's id"
                        tests: [not_null, unique]
                      - name: email
                """);
        return ModelProject.load(dir, new DuckDbDialect(), "local", Map.of());
    }

    private static final List<Lineage.Node> LINEAGE = List.of(
            new Lineage.Node("source:raw.people", "source", "raw.people", List.of()),
            new Lineage.Node("model:stg_people", "model", "stg_people", List.of("source:raw.people")),
            new Lineage.Node("model:traits", "model", "traits", List.of("model:stg_people")),
            new Lineage.Node("identity", "identity", "identity", List.of("model:stg_people")),
            new Lineage.Node("audience:vip", "audience", "vip", List.of("model:traits", "identity")),
            new Lineage.Node("sync:vip_to_crm", "sync", "vip_to_crm", List.of("audience:vip")),
            new Lineage.Node("sync:unrelated", "sync", "unrelated", List.of()));

    @Test
    void aModelsPageHasItsDescriptionColumnsTestsSqlAndLineageDownToItsSyncs() throws Exception {
        DocsSite site = new DocsSite(project(), LINEAGE);
        assertThat(site.write(dir.resolve("site"))).isEqualTo(5); // index, two models, one source, the style sheet

        String page = Files.readString(dir.resolve("site/model/stg_people.html"));
        assertThat(page).contains("<p>People &amp; their emails.</p>", "<p>Second paragraph.</p>")
                .contains("<code>id</code></td><td>The person's id</td><td>not_null, unique</td>")
                .contains("<code>email</code></td><td>&ndash;</td>")
                .contains("not_null_stg_people_id", "models/schema.yml line")
                .contains("select id, email from");
        assertThat(page).as("upstream, downstream and the node itself are drawn; what is not connected is not")
                .contains("data-id=\"source:raw.people\"", "data-id=\"model:stg_people\"", "data-id=\"model:traits\"",
                        "data-id=\"identity\"", "data-id=\"audience:vip\"", "data-id=\"sync:vip_to_crm\"")
                .doesNotContain("data-id=\"sync:unrelated\"");
        assertThat(page).contains("class=\"node model focus\" data-id=\"model:stg_people\"")
                .contains("<a href=\"../model/traits.html\">", "<a href=\"../source/raw.people.html\">");
    }

    @Test
    void sourcesInheritTheirSourcesDescriptionAndEveryTextIsEscaped() throws Exception {
        new DocsSite(project(), LINEAGE).write(dir.resolve("site"));

        String source = Files.readString(dir.resolve("site/source/raw.people.html"));
        assertThat(source).contains("<p>Everything as loaded.</p>", "<dt>Loaded at</dt><dd>loaded_at</dd>")
                .contains("As typed, &lt;b&gt;unchecked&lt;/b&gt;.").doesNotContain("<b>unchecked</b>");
        String index = Files.readString(dir.resolve("site/index.html"));
        assertThat(index).contains("2 models, 0 seeds, 0 snapshots, 1 source tables, 2 tests.")
                .contains("<a href=\"model/stg_people.html\">stg_people</a>", "People &amp; their emails.")
                .contains("data-id=\"sync:unrelated\"");
    }
}
