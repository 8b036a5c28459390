package dev.weft.models;

import dev.weft.WeftException;
import org.apache.commons.text.StringEscapeUtils;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The models' documentation as a static site, as {@code dbt docs generate} gives one: an index of every model, seed,
 * snapshot and source, and a page for each with its description and columns from the schema files, its tests, its
 * compiled SQL and a lineage graph of everything upstream and downstream of it, identity, audiences and syncs
 * included. Plain HTML and inline SVG with one style sheet: it opens from the file system or any web server, with
 * no script. Every text from the workspace is escaped.
 */
public final class DocsSite {

    /** Pages, by path relative to the site's root (e.g. {@code model/stg_events.html}), with their content. */
    public record Page(String path, String content) {
    }

    private static final int BOX_WIDTH = 190;
    private static final int BOX_HEIGHT = 30;
    private static final int COLUMN_GAP = 60;
    private static final int ROW_GAP = 12;
    private static final List<String> KIND_ORDER = List.of("source", "model", "identity", "audience", "priority_list", "sync");

    private final ModelProject project;
    private final Map<String, Lineage.Node> nodes = new LinkedHashMap<>();
    private final Map<String, Set<String>> downstream = new HashMap<>();

    public DocsSite(ModelProject project, List<Lineage.Node> lineage) {
        this.project = project;
        for (Lineage.Node n : lineage) {
            nodes.put(n.id(), n);
            downstream.putIfAbsent(n.id(), new LinkedHashSet<>());
            n.upstream().forEach(up -> downstream.computeIfAbsent(up, k -> new LinkedHashSet<>()).add(n.id()));
        }
    }

    /** Writes every page under {@code dir}; returns how many. */
    public int write(Path dir) {
        List<Page> pages = pages();
        try {
            for (Page p : pages) {
                Path file = dir.resolve(p.path());
                Files.createDirectories(file.getParent());
                Files.writeString(file, p.content(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new WeftException("cannot write the docs site to " + dir + ": " + e.getMessage(), e);
        }
        return pages.size();
    }

    /** The whole site: index, a page per model and per source table, the style sheet. */
    public List<Page> pages() {
        List<Page> out = new ArrayList<>();
        out.add(new Page("index.html", index()));
        project.models().values().forEach(m -> out.add(new Page(modelPath(m.name()), modelPage(m))));
        project.sources().values().forEach(s -> out.add(new Page(sourcePath(s.key()), sourcePage(s))));
        out.add(new Page("style.css", STYLE));
        return out;
    }

    private String index() {
        StringBuilder b = new StringBuilder();
        Map<ModelConfig.Materialization, List<Model>> byKind = project.models().values().stream()
                .collect(Collectors.groupingBy(m -> m.config().materialized(), TreeMap::new, Collectors.toList()));
        List<Model> seeds = byKind.getOrDefault(ModelConfig.Materialization.SEED, List.of());
        List<Model> snapshots = byKind.getOrDefault(ModelConfig.Materialization.SNAPSHOT, List.of());
        List<Model> models = project.models().values().stream().filter(m -> !seeds.contains(m) && !snapshots.contains(m)).toList();
        b.append("<h1>Models</h1>\n<p>").append(models.size()).append(" models, ").append(seeds.size()).append(" seeds, ")
                .append(snapshots.size()).append(" snapshots, ").append(project.sources().size()).append(" source tables, ")
                .append(project.tests().size()).append(" tests.</p>\n");
        modelTable(b, "Models", models, "");
        modelTable(b, "Seeds", seeds, "");
        modelTable(b, "Snapshots", snapshots, "");
        if (!project.sources().isEmpty()) {
            b.append("<h2>Sources</h2>\n<table><thead><tr><th>Source table</th><th>Loaded at</th><th>Description</th></tr></thead><tbody>\n");
            for (SourceTable s : project.sources().values()) {
                b.append("<tr><td><a href=\"").append(sourcePath(s.key())).append("\">").append(esc(s.key())).append("</a></td><td>")
                        .append(esc(orDash(s.loadedAtField()))).append("</td><td>").append(esc(firstLine(project.sourceDocs(s.key()).description())))
                        .append("</td></tr>\n");
            }
            b.append("</tbody></table>\n");
        }
        b.append("<h2>Lineage</h2>\n").append(LEGEND).append(svg(nodes.keySet(), null, ""));
        return page("Models", "", b.toString());
    }

    private void modelTable(StringBuilder b, String title, List<Model> models, String prefix) {
        if (models.isEmpty()) {
            return;
        }
        b.append("<h2>").append(title).append("</h2>\n<table><thead><tr><th>Name</th><th>Materialized</th><th>Description</th></tr></thead><tbody>\n");
        for (Model m : models) {
            b.append("<tr><td><a href=\"").append(prefix).append(modelPath(m.name())).append("\">").append(esc(m.name())).append("</a></td><td>")
                    .append(esc(m.config().materialized().label())).append("</td><td>")
                    .append(esc(firstLine(project.modelDocs(m.name()).description()))).append("</td></tr>\n");
        }
        b.append("</tbody></table>\n");
    }

    private String modelPage(Model m) {
        NodeDocs docs = project.modelDocs(m.name());
        String id = "model:" + m.name();
        StringBuilder b = new StringBuilder();
        b.append("<h1>").append(esc(m.name())).append(" <small>").append(esc(m.config().materialized().label())).append("</small></h1>\n");
        description(b, docs.description());
        b.append("<dl><dt>File</dt><dd><code>").append(esc(m.file())).append("</code></dd>");
        if (!m.config().tags().isEmpty()) {
            b.append("<dt>Tags</dt><dd>").append(esc(String.join(", ", m.config().tags()))).append("</dd>");
        }
        if (!m.config().uniqueKey().isEmpty()) {
            b.append("<dt>Unique key</dt><dd>").append(esc(String.join(", ", m.config().uniqueKey()))).append("</dd>");
        }
        b.append("</dl>\n");
        List<SchemaTest> tests = project.tests().stream().filter(t -> t.model().equals(m.name())).toList();
        columns(b, docs, tests);
        if (!tests.isEmpty()) {
            b.append("<h2>Tests</h2>\n<ul>\n");
            tests.forEach(t -> b.append("<li><code>").append(esc(t.name())).append("</code> <small>")
                    .append(esc(t.file() + " line " + t.line())).append("</small></li>\n"));
            b.append("</ul>\n");
        }
        neighbours(b, id, "../");
        b.append("<h2>Lineage</h2>\n").append(LEGEND).append(svg(family(id), id, "../"));
        if (m.config().materialized() != ModelConfig.Materialization.SEED) {
            b.append("<h2>Compiled SQL</h2>\n<pre><code>").append(esc(m.sql())).append("</code></pre>\n");
        }
        return page(m.name(), "../", b.toString());
    }

    private String sourcePage(SourceTable s) {
        NodeDocs docs = project.sourceDocs(s.key());
        String id = "source:" + s.key();
        StringBuilder b = new StringBuilder();
        b.append("<h1>").append(esc(s.key())).append(" <small>source</small></h1>\n");
        description(b, docs.description());
        b.append("<dl><dt>Table</dt><dd><code>").append(esc((s.schema() == null ? "" : s.schema() + ".") + s.identifier()))
                .append("</code></dd><dt>Loaded at</dt><dd>").append(esc(orDash(s.loadedAtField()))).append("</dd>");
        if (s.freshness() != null) {
            b.append("<dt>Freshness</dt><dd>").append(esc(freshness(s.freshness()))).append("</dd>");
        }
        b.append("</dl>\n");
        columns(b, docs, List.of());
        neighbours(b, id, "../");
        b.append("<h2>Lineage</h2>\n").append(LEGEND).append(svg(family(id), id, "../"));
        return page(s.key(), "../", b.toString());
    }

    private static String freshness(Freshness f) {
        List<String> parts = new ArrayList<>();
        if (f.warnAfter() != null) {
            parts.add("warn after " + f.warnAfter().toString().substring(2).toLowerCase(Locale.ROOT));
        }
        if (f.errorAfter() != null) {
            parts.add("error after " + f.errorAfter().toString().substring(2).toLowerCase(Locale.ROOT));
        }
        return String.join(", ", parts);
    }

    private static void description(StringBuilder b, String description) {
        if (description != null && !description.isBlank()) {
            for (String paragraph : description.split("\\n\\s*\\n")) {
                b.append("<p>").append(esc(paragraph.strip())).append("</p>\n");
            }
        }
    }

    private static void columns(StringBuilder b, NodeDocs docs, List<SchemaTest> tests) {
        Map<String, String> columns = new LinkedHashMap<>(docs.columns());
        tests.stream().filter(t -> t.column() != null).forEach(t -> columns.putIfAbsent(t.column(), null));
        if (columns.isEmpty()) {
            return;
        }
        b.append("<h2>Columns</h2>\n<table><thead><tr><th>Column</th><th>Description</th><th>Tests</th></tr></thead><tbody>\n");
        columns.forEach((column, text) -> b.append("<tr><td><code>").append(esc(column)).append("</code></td><td>").append(esc(orDash(text)))
                .append("</td><td>").append(esc(tests.stream().filter(t -> column.equals(t.column())).map(SchemaTest::type)
                        .collect(Collectors.joining(", ")))).append("</td></tr>\n"));
        b.append("</tbody></table>\n");
    }

    /** What the node reads and what reads it, directly. */
    private void neighbours(StringBuilder b, String id, String root) {
        Lineage.Node node = nodes.get(id);
        List<String> up = node == null ? List.of() : node.upstream();
        List<String> down = List.copyOf(downstream.getOrDefault(id, Set.of()));
        b.append("<h2>Depends on</h2>\n").append(links(up, root)).append("<h2>Used by</h2>\n").append(links(down, root));
    }

    private String links(List<String> ids, String root) {
        if (ids.isEmpty()) {
            return "<p>Nothing.</p>\n";
        }
        return ids.stream().map(i -> "<li>" + link(i, root) + "</li>").collect(Collectors.joining("\n", "<ul>\n", "\n</ul>\n"));
    }

    private String link(String id, String root) {
        String href = href(id, root);
        String label = esc(id);
        return href == null ? label : "<a href=\"" + href + "\">" + label + "</a>";
    }

    /** A page's address for an asset with one (models, seeds, snapshots, sources); null for the rest. */
    private String href(String id, String root) {
        Lineage.Node n = nodes.get(id);
        if (n != null && n.kind().equals("model") && project.models().containsKey(n.name())) {
            return root + modelPath(n.name());
        }
        if (id.startsWith("source:") && project.sources().containsKey(id.substring("source:".length()))) {
            return root + sourcePath(id.substring("source:".length()));
        }
        return null;
    }

    /** The node with every ancestor and descendant. */
    private Set<String> family(String id) {
        Set<String> out = new LinkedHashSet<>();
        out.add(id);
        walk(id, n -> nodes.containsKey(n) ? nodes.get(n).upstream() : List.of(), out);
        walk(id, n -> List.copyOf(downstream.getOrDefault(n, Set.of())), out);
        return out;
    }

    private static void walk(String from, java.util.function.Function<String, List<String>> next, Set<String> seen) {
        Deque<String> todo = new ArrayDeque<>(List.of(from));
        while (!todo.isEmpty()) {
            for (String n : next.apply(todo.pop())) {
                if (seen.add(n)) {
                    todo.push(n);
                }
            }
        }
    }

    /**
     * The lineage of {@code ids} as an SVG drawing, left to right: each node in the column of its longest path from
     * a node without inputs among {@code ids}, ordered in a column by kind and name; {@code focus} is highlighted.
     */
    private String svg(Set<String> ids, String focus, String root) {
        Map<String, Integer> depth = new HashMap<>();
        List<String> ordered = new ArrayList<>(ids);
        // Longest path: relax in rounds; the graph is a DAG, so at most |ids| rounds.
        ordered.forEach(i -> depth.put(i, 0));
        boolean changed = true;
        for (int round = 0; changed && round <= ids.size(); round++) {
            changed = false;
            for (String i : ordered) {
                for (String up : upstreamOf(i)) {
                    if (ids.contains(up) && depth.get(up) + 1 > depth.get(i)) {
                        depth.put(i, depth.get(up) + 1);
                        changed = true;
                    }
                }
            }
        }
        Map<Integer, List<String>> columns = new TreeMap<>();
        ordered.stream().sorted(Comparator.comparing((String i) -> KIND_ORDER.indexOf(kind(i))).thenComparing(i -> i))
                .forEach(i -> columns.computeIfAbsent(depth.get(i), k -> new ArrayList<>()).add(i));
        Map<String, int[]> at = new HashMap<>();
        int height = 0;
        for (Map.Entry<Integer, List<String>> c : columns.entrySet()) {
            int y = 0;
            for (String i : c.getValue()) {
                at.put(i, new int[]{c.getKey() * (BOX_WIDTH + COLUMN_GAP), y});
                y += BOX_HEIGHT + ROW_GAP;
            }
            height = Math.max(height, y);
        }
        int width = columns.size() * (BOX_WIDTH + COLUMN_GAP) - COLUMN_GAP;
        StringBuilder b = new StringBuilder();
        b.append("<svg class=\"lineage\" role=\"img\" aria-label=\"lineage\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\">\n");
        for (String i : ordered) {
            for (String up : upstreamOf(i)) {
                if (at.containsKey(up)) {
                    int[] from = at.get(up);
                    int[] to = at.get(i);
                    int x1 = from[0] + BOX_WIDTH;
                    int y1 = from[1] + BOX_HEIGHT / 2;
                    int x2 = to[0];
                    int y2 = to[1] + BOX_HEIGHT / 2;
                    int mid = (x1 + x2) / 2;
                    b.append("<path class=\"edge\" d=\"M").append(x1).append(',').append(y1).append(" C").append(mid).append(',').append(y1)
                            .append(' ').append(mid).append(',').append(y2).append(' ').append(x2).append(',').append(y2).append("\"/>\n");
                }
            }
        }
        for (String i : ordered) {
            int[] p = at.get(i);
            String name = nodes.containsKey(i) ? nodes.get(i).name() : i; // the kind shows as the box's colour
            String label = name.length() > 27 ? name.substring(0, 26) + "…" : name;
            String box = "<g class=\"node " + kind(i) + (i.equals(focus) ? " focus" : "") + "\" data-id=\"" + esc(i) + "\"><title>" + esc(i)
                    + "</title><rect x=\"" + p[0] + "\" y=\"" + p[1] + "\" width=\"" + BOX_WIDTH + "\" height=\"" + BOX_HEIGHT
                    + "\" rx=\"4\"/><text x=\"" + (p[0] + 8) + "\" y=\"" + (p[1] + 19) + "\">" + esc(label) + "</text></g>";
            String href = href(i, root);
            b.append(href == null ? box : "<a href=\"" + href + "\">" + box + "</a>").append('\n');
        }
        return b.append("</svg>\n").toString();
    }

    private List<String> upstreamOf(String id) {
        Lineage.Node n = nodes.get(id);
        return n == null ? List.of() : n.upstream();
    }

    private String kind(String id) {
        Lineage.Node n = nodes.get(id);
        return n == null ? "source" : n.kind();
    }

    private static String page(String title, String root, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>" + esc(title) + " · Weft models</title>\n<link rel=\"stylesheet\" href=\"" + root + "style.css\">\n</head>\n<body>\n"
                + "<nav><a href=\"" + root + "index.html\">Weft models</a></nav>\n<main>\n" + body + "</main>\n</body>\n</html>\n";
    }

    static String modelPath(String name) {
        return "model/" + name + ".html";
    }

    static String sourcePath(String key) {
        return "source/" + key + ".html";
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.strip().lines().findFirst().orElse("");
    }

    private static String orDash(String text) {
        return text == null || text.isBlank() ? "–" : text;
    }

    private static String esc(String text) {
        return StringEscapeUtils.escapeHtml4(text);
    }

    private static final String LEGEND = "<p class=\"legend\">" + KIND_ORDER.stream()
            .map(k -> "<span class=\"" + k + "\">" + k.replace('_', ' ') + "</span>").collect(Collectors.joining(" ")) + "</p>\n";

    private static final String STYLE = """
            body { font: 15px/1.5 system-ui, sans-serif; margin: 0; color: #1d2330; }
            nav { background: #1d2330; padding: .6rem 1.5rem; }
            nav a { color: #fff; font-weight: 600; text-decoration: none; }
            main { padding: 1rem 1.5rem 3rem; max-width: 80rem; }
            h1 small, li small { color: #5b6475; font-weight: 400; font-size: .8em; }
            table { border-collapse: collapse; margin: .5rem 0 1rem; }
            th, td { text-align: left; padding: .3rem .8rem .3rem 0; border-bottom: 1px solid #e1e4ea; vertical-align: top; }
            dl { display: grid; grid-template-columns: max-content auto; gap: .2rem 1rem; }
            dt { color: #5b6475; }
            dd { margin: 0; }
            pre { background: #f5f6f8; padding: 1rem; overflow: auto; }
            a { color: #1f5fbf; }
            a:focus { outline: 2px solid #1f5fbf; }
            svg.lineage { display: block; max-width: 100%; height: auto; margin: .5rem 0 1rem; }
            .edge { fill: none; stroke: #9aa3b2; stroke-width: 1.5; }
            .node rect { fill: #fff; stroke: #5b6475; }
            .node text { font-size: 12px; fill: #1d2330; }
            .node.source rect { fill: #eef2f7; }
            .node.model rect { fill: #e7f0fd; stroke: #1f5fbf; }
            .node.identity rect { fill: #f3ecfb; stroke: #7a4cc2; }
            .node.audience rect { fill: #e9f7ef; stroke: #2e8b57; }
            .node.priority_list rect { fill: #fbfbe6; stroke: #8f8a1f; }
            .node.sync rect { fill: #fdf3e6; stroke: #c27a1f; }
            .node.focus rect { stroke-width: 3; }
            .legend span { display: inline-block; padding: 0 .5rem; margin-right: .3rem; border: 1px solid #5b6475; border-radius: 4px; font-size: 13px; }
            .legend .source { background: #eef2f7; }
            .legend .model { background: #e7f0fd; border-color: #1f5fbf; }
            .legend .identity { background: #f3ecfb; border-color: #7a4cc2; }
            .legend .audience { background: #e9f7ef; border-color: #2e8b57; }
            .legend .priority_list { background: #fbfbe6; border-color: #8f8a1f; }
            .legend .sync { background: #fdf3e6; border-color: #c27a1f; }
            """;
}
