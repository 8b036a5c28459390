package dev.weft.identity;

import dev.weft.WeftException;
import dev.weft.identity.IdentityConfig.EdgeSource;
import dev.weft.identity.IdentityConfig.IdType;
import dev.weft.warehouse.BoundSql;
import dev.weft.warehouse.BulkWriter;
import dev.weft.warehouse.ColumnType;
import dev.weft.warehouse.Dialect;
import dev.weft.warehouse.SqlTemplates;
import dev.weft.warehouse.Warehouse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One identity run, all set-based SQL in the warehouse: stage the sources' identifiers, extend the
 * dictionary, fold in edges, quarantine, compute components in the run's scope, split those over a
 * per-profile limit, assign stable IDs, write {@code weft_id_graph} and {@code weft_profiles}. A full run recomputes everything; an
 * incremental run reads only rows newer than each source's watermark and recomputes only the
 * profiles they (or quarantine changes) touch.
 */
public final class IdentityPipeline {

    /** Progress lines for the CLI. */
    public interface Progress {
        void step(String message);
    }

    /** What a run did. */
    public record Result(String runId, boolean full, int rounds, List<Long> edgesPerRound, long scopeNodes,
                         Map<String, Long> changes, Map<String, Double> stepSeconds, List<StatementTime> slowest) {
    }

    /** How long one statement took, for the benchmark's list of the slowest. */
    public record StatementTime(double seconds, String sql) {
    }

    private final Warehouse wh;
    private final Dialect d;
    private final IdentityConfig config;
    private final IdentityTables t;
    private final String p;
    private final IdentifierSql ids;
    private final Map<String, Double> timings = new LinkedHashMap<>();
    private final List<StatementTime> statementTimes = new ArrayList<>();
    private final long seed;
    /** The identifier types the sources carry, in the order of the run's {@code ids_<i>} tables. */
    private final List<String> dictionaryTypes;
    private long seq;
    private String runId;
    /** When rows disappeared from a source: the earliest lost link's first sighting, which every source is read again from. */
    private Optional<Instant> rereadFrom = Optional.empty();
    /** Per source, the digest of its rows up to its last watermark, found equal to the one recorded (or computed anew). */
    private final Map<String, Mark> digests = new HashMap<>();

    public IdentityPipeline(Warehouse wh, IdentityConfig config, IdentityTables tables, long seed) {
        this.wh = wh;
        this.d = wh.dialect();
        this.config = config;
        this.t = tables;
        this.p = WorkTables.prefix(wh, tables.tmpPrefix());
        this.ids = new IdentifierSql(d);
        this.seed = seed;
        this.dictionaryTypes = config.sources().stream().flatMap(s -> s.identifiers().keySet().stream()).distinct().toList();
    }

    /**
     * Creates identity's tables where missing. A warehouse from before {@code weft_id_membership} holds
     * {@code weft_id_graph} as a table with every identifier's value; its assignments move to the membership
     * table and the view takes its name.
     */
    public void setUp() {
        boolean graphTable = t.graphIsTable(wh);
        String before = t.tmpPrefix() + "graph_before_membership";
        if (graphTable) {
            exec(d.dropTableIfExists(before));
            exec(d.renameTable(t.graph(), before));
        }
        template("setup.sql", Map.of());
        if (wh.describeTable(t.watermarks()).flatMap(info -> info.column("row_count")).isEmpty()) {
            template("run.sql#watermarks_digest", Map.of());
        }
        if (graphTable) {
            template("run.sql#migrate_membership", Map.of("before", before));
        }
    }

    public Result run(boolean forceFull, Progress progress) {
        long start = System.nanoTime();
        boolean blocklistRecorded = wh.tableExists(t.blocklist());
        setUp();
        seq = wh.queryLong(statement("run.sql#last_seq", Map.of())).orElse(0L) + 1;
        runId = "run-" + seq;
        String configHash = configHash();
        String blocklistHash = blocklistHash();
        List<String[]> last = wh.queryList(statement("run.sql#hashes", Map.of()), List.of(seq - 1),
                row -> new String[]{row.getString(0), row.getString(1)});
        boolean recheckBlocklist = !last.isEmpty() && !blocklistHash.equals(last.get(0)[1]);
        List<String[]> blocklist = blocklistEntries();
        Optional<String> released = recheckBlocklist ? releasedFromBlocklist(blocklistRecorded, blocklist) : Optional.empty();
        boolean incremental = !(forceFull || last.isEmpty() || !configHash.equals(last.get(0)[0]) || released.isPresent());
        Optional<String> reason = released;
        if (incremental) {
            rereadFrom = vanishedSince(progress);
            Optional<String> most = rereadFrom.flatMap(this::mostRowsSince);
            if (most.isPresent()) {
                incremental = false;
                reason = most;
                rereadFrom = Optional.empty();
            }
        }
        boolean full = !incremental;
        Instant started = Instant.now();
        progress.step(runId + ": " + (full ? "full" : "incremental") + " run" + reason.map(r -> " (" + r + ")").orElse(""));
        boolean limits = ProfileLimits.configured(config);

        long maxBefore = IdentityStatements.max(wh, t.nodes(), "node_id").orElse(0L);
        Map<String, Instant> watermarks = stage(full, progress);
        timed("dictionary", () -> extendDictionary(full, maxBefore == 0, maxBefore));
        timed("edges", () -> {
            keysAndDeltas(full);
            if (!full) {
                removeVanishedLinks();
            }
            Map<String, Object> merge = Map.of("full", full, "limits", limits, "reread", rereadFrom.isPresent());
            template("edges_merge.sql#added", merge);
            template("edges_merge.sql#edges", merge);
            execAll(render(d, t, p, seq, runId, "edges_merge.sql#apply", merge));
            template("edges_merge.sql#seen", merge);
        });
        timed("quarantine", () -> {
            blocked(recheckBlocklist);
            // Caps are part of the blocklist's hash: when they changed, every identifier is counted again.
            template("quarantine.sql", Map.of("caps", caps(), "recount_all", full || recheckBlocklist,
                    "removed", rereadFrom.isPresent()));
        });
        timed("scope", () -> template("scope.sql", Map.of("full", full, "max_before", maxBefore, "limits", limits,
                "types", typeNames(), "removed", rereadFrom.isPresent())));
        long scopeNodes = IdentityStatements.count(wh, p + "scope");
        progress.step("scope: " + scopeNodes + " identifiers, " + IdentityStatements.count(wh, p + "active") + " edges to contract");
        ConnectedComponents.Stats[] stats = new ConnectedComponents.Stats[1];
        timed("components", () -> {
            stats[0] = new ConnectedComponents(wh, ConnectedComponents.DEFAULT_MAX_ROUNDS, p + "cc_")
                    .contract(p + "active", p + "cc", seed + seq,
                            (round, left) -> progress.step("round " + round + ": " + left + " edges left"));
        });
        if (limits) {
            timed("limits", () -> new ProfileLimits(wh, config, p, this::template, seed + seq).split(progress));
        }
        timed("components", () -> template("components_all.sql", Map.of("limits", limits)));
        timed("stable_ids", () -> template("stable_ids.sql", Map.of("types", typeNames())));
        timed("outputs", () -> {
            template("forget.sql#forgotten", Map.of());
            template("graph_write.sql", Map.of("full", full, "limits", limits));
            template("profiles.sql", Map.of("full", full, "types", typeNames()));
        });
        for (EdgeSource s : config.sources()) {
            Instant mark = watermarks.get(s.name());
            Mark digest = mark == null ? null : digest(s, mark);
            exec(statement("run.sql#watermark_delete", Map.of()), s.name());
            if (digest != null) {
                exec(statement("run.sql#watermark_insert", Map.of()), s.name(), mark, digest.rowCount(), digest.keySum());
            }
        }
        // Before the run's record, which is what the next run compares with: a blocklist recorded by a run that
        // then failed to record itself only makes the next run compare with the list it will apply anyway.
        if (last.isEmpty() || recheckBlocklist || !blocklistRecorded) {
            recordBlocklist(blocklist);
        }
        exec(statement("run.sql#record", Map.of()), runId, seq, full ? "full" : "incremental",
                started, Instant.now(), (long) stats[0].rounds(), scopeNodes, configHash, blocklistHash);
        Map<String, Long> changes = new LinkedHashMap<>();
        wh.query(statement("run.sql#changes", Map.of()), List.of(runId), row -> changes.put(row.getString(0), row.getLong(1)));
        timings.put("total", (System.nanoTime() - start) / 1e9);
        List<StatementTime> slowest = statementTimes.stream()
                .sorted(java.util.Comparator.comparingDouble(StatementTime::seconds).reversed()).limit(12).toList();
        return new Result(runId, full, stats[0].rounds(), stats[0].edgesPerRound(), scopeNodes, changes, Map.copyOf(timings), slowest);
    }

    /**
     * Per source: rows newer than its watermark (minus its lookback; in an incremental run that finds rows gone,
     * rows since {@link #rereadFrom} too), identifiers normalized, grouped by identifier combination.
     */
    private Map<String, Instant> stage(boolean full, Progress progress) {
        Map<String, Instant> marks = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        List<EdgeSource> sources = config.sources();
        for (int i = 0; i < sources.size(); i++) {
            EdgeSource s = sources.get(i);
            requireTable(s);
            Optional<Instant> mark = full ? Optional.empty() : watermark(s.name()).map(Mark::watermark);
            Optional<Instant> since = mark.map(m -> readFrom(m.minus(s.lookback())));
            List<String> columns = new ArrayList<>();
            List<Object> binds = new ArrayList<>();
            for (Map.Entry<String, String> c : s.identifiers().entrySet()) {
                BoundSql normalized = ids.normalize(config.type(c.getKey()).orElseThrow(), d.ident(c.getValue()));
                columns.add(normalized.sql());
                binds.addAll(normalized.binds());
            }
            since.ifPresent(binds::add);
            dropIfExists(p + "rows_" + i);
            exec(statement("stage.sql#rows", Map.of("i", i, "columns", columns, "since", since.isPresent(),
                    "source", Map.of("table", s.table(), "timestamp", s.timestamp(), "row_key", s.rowKey()))), binds.toArray());
            // Rows read again within the lookback never move the watermark back.
            Instant newMark = wh.queryList(statement("stage.sql#rows_watermark", Map.of("i", i)), List.of(), row -> row.getInstant(0))
                    .stream().filter(java.util.Objects::nonNull).findFirst()
                    .map(m -> mark.filter(old -> old.isAfter(m)).orElse(m)).orElse(mark.orElse(null));
            marks.put(s.name(), newMark);
            progress.step("source " + s.name() + ": " + IdentityStatements.count(wh, p + "rows_" + i)
                    + " identifier combinations" + since.map(m -> " after " + m).orElse(""));
        }
        timings.put("stage", (System.nanoTime() - t0) / 1e9);
        return marks;
    }

    private void requireTable(EdgeSource s) {
        if (!wh.tableExists(s.table())) {
            throw new WeftException("identity-graph: source '" + s.name() + "' reads " + s.table()
                    + ", which does not exist in warehouse '" + wh.name() + "' (run the models first?)");
        }
    }

    /**
     * The earliest first sighting of a link whose row disappeared from its source, over the sources read before.
     * A source whose rows up to its watermark have the digest the last run recorded lost none of them.
     */
    private Optional<Instant> vanishedSince(Progress progress) {
        Optional<Instant> earliest = Optional.empty();
        for (EdgeSource s : config.sources()) {
            requireTable(s);
            Optional<Mark> recorded = watermark(s.name());
            if (recorded.isEmpty()) {
                continue;
            }
            long t0 = System.nanoTime();
            boolean unchanged = recorded.get().equals(digest(s, recorded.get().watermark()));
            timings.merge("vanished", (System.nanoTime() - t0) / 1e9, Double::sum);
            if (unchanged) {
                continue;
            }
            progress.step("source " + s.name() + ": " + (recorded.get().rowCount() == null ? "no digest of its rows recorded"
                    : "its rows up to " + recorded.get().watermark() + " changed since the last run") + "; looking for links that lost their row");
            Optional<Instant> v = vanished(s, progress);
            if (v.isPresent() && (earliest.isEmpty() || v.get().isBefore(earliest.get()))) {
                earliest = v;
            }
        }
        return earliest;
    }

    /**
     * Why a full run is cheaper, when reading the sources again since {@code since} reads more than half of their
     * rows: recomputing nearly everything through an incremental run's merges costs more than a full run.
     */
    private Optional<String> mostRowsSince(Instant since) {
        long all = 0;
        long after = 0;
        for (EdgeSource s : config.sources()) {
            Map<String, Object> source = Map.of("table", s.table(), "timestamp", s.timestamp());
            List<long[]> counts = wh.queryList(statement("deletions.sql#rows_since", Map.of("source", source)), List.of(since),
                    row -> new long[]{row.getLong(0), row.getLong(1)});
            all += counts.get(0)[0];
            after += counts.get(0)[1];
        }
        if (after * 2 <= all) {
            return Optional.empty();
        }
        return Optional.of("rows disappeared from the sources; reading them again from " + since + " reads " + after + " of their "
                + all + " rows");
    }

    /** The earlier of a source's bound and, if rows disappeared, a microsecond before {@link #rereadFrom} (the stage reads rows after its bound). */
    private Instant readFrom(Instant bound) {
        return rereadFrom.map(r -> r.minusNanos(1_000)).filter(r -> r.isBefore(bound)).orElse(bound);
    }

    /**
     * The first sighting of the earliest link of the source whose row key is gone from it, if any: rows were
     * deleted, and the source is read again from there ({@code deletions.sql}).
     */
    private Optional<Instant> vanished(EdgeSource s, Progress progress) {
        Map<String, Object> source = Map.of("table", s.table(), "row_key", s.rowKey());
        long t0 = System.nanoTime();
        List<Object[]> found = wh.queryList(statement("deletions.sql#vanished", Map.of("source", source)), List.of(s.name()),
                row -> new Object[]{row.getLong(0), row.getInstant(1)});
        // Part of the stage's time; shown apart because every incremental run pays it.
        timings.merge("vanished", (System.nanoTime() - t0) / 1e9, Double::sum);
        long links = (Long) found.get(0)[0];
        if (links == 0 || found.get(0)[1] == null) {
            return Optional.empty();
        }
        Instant first = (Instant) found.get(0)[1];
        progress.step("source " + s.name() + ": " + links + " links lost their row; reading the sources again from " + first);
        return Optional.of(first);
    }

    /** Links first seen since {@link #rereadFrom} that no row makes any more go, into {@code removed} for the scope. */
    private void removeVanishedLinks() {
        if (rereadFrom.isEmpty()) {
            return;
        }
        List<String> reread = render(d, t, p, seq, runId, "deletions.sql#reread", Map.of());
        exec(reread.get(0));
        exec(reread.get(1), rereadFrom.get());
        template("deletions.sql#removed", Map.of());
    }

    /** A source's watermark and the digest of its rows up to it, as the last run recorded them. */
    private Optional<Mark> watermark(String source) {
        return wh.queryList(statement("run.sql#watermark", Map.of()), List.of(source),
                        row -> row.getInstant(0) == null ? null : new Mark(row.getInstant(0), row.getLong(1), row.getLong(2)))
                .stream().filter(java.util.Objects::nonNull).findFirst();
    }

    /**
     * How many rows of the source have a timestamp up to {@code mark}, and their row keys' summed hashes. From a
     * digest this run already has up to an earlier mark, only the rows after it are read and added.
     */
    private Mark digest(EdgeSource s, Instant mark) {
        Mark known = digests.get(s.name());
        if (known != null && known.watermark().equals(mark)) {
            return known;
        }
        boolean after = known != null && known.watermark().isBefore(mark);
        Map<String, Object> source = Map.of("table", s.table(), "timestamp", s.timestamp(), "row_key", s.rowKey());
        Mark read = wh.queryList(statement("deletions.sql#digest", Map.of("source", source, "after", after)),
                after ? List.of(mark, known.watermark()) : List.of(mark), row -> new Mark(mark, row.getLong(0), row.getLong(1))).get(0);
        Mark digest = after ? new Mark(mark, known.rowCount() + read.rowCount(), known.keySum() + read.keySum()) : read;
        digests.put(s.name(), digest);
        return digest;
    }

    /** A source's watermark with the digest of its rows up to it (null counts: recorded before digests were). */
    private record Mark(Instant watermark, Long rowCount, Long keySum) {
    }

    /**
     * This run's identifiers per type with their keys ({@code dictionary.sql}, one {@code ids_<i>} table per
     * type in {@link #dictionaryTypes}), new ones added to the dictionary. Grouped per type, so the grouping
     * key is the value alone, and the first and last sightings come out of the same grouping.
     */
    private void extendDictionary(boolean full, boolean firstLoad, long maxBefore) {
        Map<String, List<Map<String, Integer>>> columnsByType = new LinkedHashMap<>();
        List<EdgeSource> sources = config.sources();
        for (int i = 0; i < sources.size(); i++) {
            int j = 0;
            for (String type : sources.get(i).identifiers().keySet()) {
                columnsByType.computeIfAbsent(type, k -> new ArrayList<>()).add(Map.of("i", i, "j", j));
                j++;
            }
        }
        long base = maxBefore;
        if (full) {
            exec(statement("stage.sql#junk_clear", Map.of()));
        }
        for (int i = 0; i < dictionaryTypes.size(); i++) {
            IdType type = config.type(dictionaryTypes.get(i)).orElseThrow();
            BoundSql junk = ids.junkRule(type, "id_value");
            dropIfExists(p + "values_" + i);
            exec(statement("stage.sql#dictionary_values", Map.of("i", i, "columns", columnsByType.get(type.name()),
                    "junk", junk.sql())), junk.bindArray());
            template("stage.sql#junk_record", Map.of("i", i, "type", type.name()));
            String values = statement("stage.sql#dictionary_kept", Map.of("i", i));
            for (String sql : render(d, t, p, seq, runId, "dictionary.sql", Map.of("values", values, "first_load", firstLoad,
                    "type", type.name(), "i", i, "base", base))) {
                exec(sql);
            }
            drop(p + "values_" + i);
            base = Math.max(base, IdentityStatements.max(wh, p + "ids_" + i, "node_id").orElse(base));
        }
    }

    /**
     * Node keys per staged row, then this run's edges (every pair of identifiers in a row), and {@code ids}: the
     * run's identifiers with their type and sightings, which a full run writes as {@code weft_id_seen}.
     */
    private void keysAndDeltas(boolean full) {
        // A full run writes edges in place; an incremental one into a delta to merge.
        String edgesOut = full ? t.edges() : p + "delta_edges";
        List<EdgeSource> sources = config.sources();
        List<Map<String, Object>> pairs = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            EdgeSource s = sources.get(i);
            List<String> types = new ArrayList<>(s.identifiers().keySet());
            for (int j = 0; j < types.size(); j++) {
                for (int k = j + 1; k < types.size(); k++) {
                    pairs.add(Map.of("i", i, "j", j, "k", k, "a_type", types.get(j), "b_type", types.get(k), "source", s.name()));
                }
            }
            dropIfExists(p + "keys_" + i);
            exec(statement("edges.sql#keys", Map.of("i", i, "dictionaries", types.stream().map(dictionaryTypes::indexOf).toList())));
            drop(p + "rows_" + i);
        }
        exec(d.dropTableIfExists(edgesOut));
        if (full) {
            // Created as setup.sql declares it, not by CREATE TABLE AS: its row keys are stored as VALUE_TEXT.
            template("setup.sql", Map.of());
        }
        exec(statement("edges.sql#edges", Map.of("full", full, "pairs", pairs)));
        for (int i = 0; i < sources.size(); i++) {
            drop(p + "keys_" + i);
        }
        dropIfExists(p + "ids");
        exec(statement("edges.sql#ids", Map.of("ranks", dictionaryTypes.stream().map(this::rank).toList())));
        for (int i = 0; i < dictionaryTypes.size(); i++) {
            drop(p + "ids_" + i);
        }
        if (full) {
            exec(d.dropTableIfExists(t.seen()));
            exec(statement("edges.sql#seen", Map.of()));
        }
    }

    /**
     * Identifiers the blocklist matches. Values are blocklisted before they enter the dictionary, so
     * the dictionary is searched only when the blocklist changed since the last run. Each value is tested only
     * against its own type's values and patterns: an OR over all types costs every pattern on every value.
     */
    private void blocked(boolean recheck) {
        dropIfExists(p + "blocked");
        if (!recheck) {
            exec(statement("blocked.sql#kept", Map.of()));
            return;
        }
        List<Map<String, String>> tests = new ArrayList<>();
        List<Object> binds = new ArrayList<>();
        for (IdType type : config.types()) {
            BoundSql test = ids.blocked(type, "id_value");
            tests.add(Map.of("type", type.name(), "test", test.sql()));
            binds.addAll(test.binds());
        }
        exec(statement("blocked.sql#searched", Map.of("tests", tests)), binds.toArray());
    }

    /** The identifier types by priority; a type's index here is its {@code id_rank} in the work tables. */
    private List<String> typeNames() {
        return config.typesByPriority().stream().map(IdType::name).toList();
    }

    private int rank(String type) {
        return typeNames().indexOf(type);
    }

    /** Hub caps as template rows: type, neighbour type, cap. */
    private List<Map<String, Object>> caps() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (IdType type : config.types()) {
            type.maxLinks().forEach((n, cap) -> out.add(Map.of("type", type.name(), "neighbour", n, "cap", cap)));
        }
        return out;
    }

    private String configHash() {
        StringBuilder sb = new StringBuilder();
        // "trim" removes Unicode whitespace since junk detection: a warehouse normalized before runs full once.
        sb.append("trim:unicode;");
        // Profiles carry updated_at since incremental models over identity: a warehouse from before runs full once.
        sb.append("profiles:updated_at;");
        config.typesByPriority().forEach(ty -> sb.append(ty.name()).append(ty.normalize()).append(ty.limit()).append(';'));
        // Not the lookback: how much an incremental run reads again does not change what a full run computes.
        config.sources().forEach(s -> sb.append(List.of(s.name(), s.table(), s.rowKey(), s.timestamp(), s.identifiers())).append(';'));
        return sha256(sb.toString());
    }

    /** The configured blocklist as rows of {@code t.blocklist}: type, {@code value} or {@code pattern}, entry. */
    private List<String[]> blocklistEntries() {
        List<String[]> out = new ArrayList<>();
        for (IdType ty : config.types()) {
            ty.junkRules().forEach(r -> out.add(new String[]{ty.name(), "rule", r}));
            // Values match case-insensitively (IdentifierSql.blocked), so they are compared lower-cased.
            ty.blockedValues().forEach(v -> out.add(new String[]{ty.name(), "value", v.toLowerCase(Locale.ROOT)}));
            ty.blockedPatterns().forEach(r -> out.add(new String[]{ty.name(), "pattern", r}));
        }
        return out;
    }

    /**
     * Why this run must be full, when the blocklist lost an entry since the last run: the dictionary never took
     * the values it kept out, so only reading the sources again brings their rows back. Empty when the
     * blocklist only grew, which an incremental run applies (it quarantines what the new entries match).
     */
    private Optional<String> releasedFromBlocklist(boolean recorded, List<String[]> now) {
        if (!recorded) {
            return Optional.of("the blocklist changed since a run that did not record it");
        }
        Set<List<String>> current = new HashSet<>();
        now.forEach(e -> current.add(List.of(e)));
        List<String> removed = wh.queryList(statement("run.sql#blocklist", Map.of()), List.of(), row -> List.of(row.getString(0), row.getString(1), row.getString(2)))
                .stream().filter(e -> !current.contains(e)).map(e -> e.get(0) + " " + e.get(1) + " '" + e.get(2) + "'").toList();
        if (removed.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("removed from the blocklist: " + String.join(", ", removed.subList(0, Math.min(3, removed.size())))
                + (removed.size() > 3 ? " and " + (removed.size() - 3) + " more" : "") + "; the rows they kept out are read again");
    }

    private void recordBlocklist(List<String[]> entries) {
        exec(statement("run.sql#blocklist_clear", Map.of()));
        try (BulkWriter w = wh.bulkWriter(t.blocklist(), List.of("id_type", "kind", "entry"))) {
            entries.forEach(e -> w.append((Object[]) e));
        }
    }

    private String blocklistHash() {
        StringBuilder sb = new StringBuilder();
        // A built-in rule by what it drops: a rule that grows in a later version is applied to the dictionary too.
        // The hub caps too: a run after they changed counts every identifier's neighbours again (quarantine.sql).
        config.types().forEach(ty -> {
            sb.append(ty.name());
            ty.junkRules().forEach(r -> JunkRule.byLabel(r).ifPresent(j -> sb.append(r).append(j.words()).append(j.patterns())));
            sb.append(ty.blockedValues()).append(ty.blockedPatterns()).append(new java.util.TreeMap<>(ty.maxLinks())).append(';');
        });
        return sha256(sb.toString());
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void timed(String step, Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        timings.merge(step, (System.nanoTime() - t0) / 1e9, Double::sum);
    }

    private void exec(String sql, Object... binds) {
        long t0 = System.nanoTime();
        wh.execute(sql, binds);
        statementTimes.add(new StatementTime((System.nanoTime() - t0) / 1e9, sql.replaceAll("\\s+", " ")));
    }

    /** Statements as one transaction: a crash between them applies none. */
    private void execAll(List<String> statements) {
        long t0 = System.nanoTime();
        wh.executeAll(statements);
        statementTimes.add(new StatementTime((System.nanoTime() - t0) / 1e9, String.join("; ", statements).replaceAll("\\s+", " ")));
    }

    private void template(String name, Map<String, Object> vars) {
        for (String sql : render(d, t, p, seq, runId, name, vars)) {
            exec(sql);
        }
    }

    /** The one statement of a {@code sql/identity/} template section. */
    private String statement(String name, Map<String, Object> vars) {
        List<String> sql = render(d, t, p, seq, runId, name, vars);
        if (sql.size() != 1) {
            throw new IllegalStateException("sql/identity/" + name + " holds " + sql.size() + " statements, not one");
        }
        return sql.get(0);
    }

    private void drop(String table) {
        exec(statement("work.sql#drop", Map.of("table", table)));
    }

    private void dropIfExists(String table) {
        exec(statement("work.sql#drop_if_exists", Map.of("table", table)));
    }

    /** The statements of one {@code sql/identity/} template with the variables every one of them sees. */
    static List<String> render(Dialect d, IdentityTables t, String p, long seq, String runId, String name, Map<String, Object> vars) {
        Map<String, Object> all = new HashMap<>(vars);
        all.put("t", t.asMap());
        all.put("p", p);
        all.put("BIGINT", d.typeName(ColumnType.BIGINT));
        all.put("TEXT", d.typeName(ColumnType.VARCHAR));
        all.put("VALUE_TEXT", d.valueTextType());
        all.put("TS", d.typeName(ColumnType.TIMESTAMP));
        all.put("now", d.currentTimestamp());
        all.put("seq", seq);
        all.put("run_id", runId);
        all.put("UNION", d.distinctSetOperator("UNION"));
        all.put("EXCEPT", d.distinctSetOperator("EXCEPT"));
        return SqlTemplates.statements(d, "identity/" + name, all);
    }
}
