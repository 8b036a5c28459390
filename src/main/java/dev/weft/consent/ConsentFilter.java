package dev.weft.consent;

import dev.weft.WeftException;
import dev.weft.identity.IdentityConfig;
import dev.weft.identity.IdentityTables;
import dev.weft.warehouse.BoundSql;
import dev.weft.warehouse.ColumnType;
import dev.weft.warehouse.Dialect;
import dev.weft.warehouse.SqlTemplates;
import dev.weft.warehouse.Warehouse;
import dev.weft.warehouse.WarehouseNames;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Withholds a sync's records that consent or suppression forbid, in the warehouse ({@code sql/consent/withhold.sql}):
 * it writes the withheld records with their reason into a table next to the sync's plan, and the plan diffs the
 * source without them, so a mirror sync removes a member who lost consent through its usual diff.
 */
public final class ConsentFilter {

    /**
     * A sync's records and what identifies their person: {@code sql} selects {@code record_key, i0..in}, where
     * {@code i<k>} holds identifiers of type {@code types.get(k)} (or {@link ConsentConfig#PROFILE_ID}).
     */
    public record Subjects(String sql, List<Object> binds, List<String> types) {

        public Subjects {
            binds = List.copyOf(binds);
            types = List.copyOf(types);
        }
    }

    /** What one sync asks: its id and destination type (which lists apply), its purpose, its records. */
    public record Request(String syncId, String destinationType, String purpose, Subjects subjects) {
    }

    /** The reasons a record is withheld (a list's is {@code suppressed:<list>}). */
    public static final String REVOKED = "revoked";
    public static final String NO_CONSENT = "no_consent";
    /** A record one of whose own identifiers is under a held deletion request (docs/identity.md, "Deletion requests"). */
    public static final String FORGOTTEN = "forgotten";
    /** The reasons that are consent's (a member lost consent), not a list's. */
    public static final List<String> CONSENT_REASONS = List.of(REVOKED, NO_CONSENT);

    private final Warehouse warehouse;
    private final Dialect d;
    private final ConsentConfig config;
    private final Supplier<IdentityConfig> identity;
    /** Whether records whose identifiers are under a held deletion request are withheld (needs identity's normalization). */
    private final boolean withholdsForgotten;
    private IdentityConfig identityConfig;

    /** {@code identity} is read only when an identifier type is to be normalized. */
    public ConsentFilter(Warehouse warehouse, ConsentConfig config, Supplier<IdentityConfig> identity) {
        this(warehouse, config, identity, true);
    }

    private ConsentFilter(Warehouse warehouse, ConsentConfig config, Supplier<IdentityConfig> identity, boolean withholdsForgotten) {
        this.warehouse = warehouse;
        this.d = warehouse.dialect();
        this.config = config;
        this.identity = identity;
        this.withholdsForgotten = withholdsForgotten;
    }

    /** A filter that withholds nothing, for a planner without a workspace (no consent, no identity to normalize with). */
    public static ConsentFilter none(Warehouse warehouse) {
        return new ConsentFilter(warehouse, ConsentConfig.NONE, () -> {
            throw new IllegalStateException("no identifier to normalize without consent");
        }, false);
    }

    /**
     * The withheld records of one plan, in a table named after {@code planTable}; empty when neither consent
     * (no purposes declared) nor a suppression list applies to the sync, and no identifier its records name
     * (a model source's {@code source.identifiers}) can be under a deletion request.
     *
     * @throws WeftException when the sync cannot be checked: no purpose though purposes are declared, an
     *                       undeclared purpose, or a source that says nothing of who its records are
     */
    public Optional<Withholding> withhold(Request r, String planTable) {
        String where = "sync '" + r.syncId() + "'";
        if (r.purpose() != null && config.policy(r.purpose()).isEmpty()) {
            throw new WeftException(where + ": purpose '" + r.purpose() + "' is not declared in consent/*.yml"
                    + (config.purposes().isEmpty() ? " (there is none)" : " (declared: " + new TreeMap<>(config.purposes()).keySet() + ")"));
        }
        if (r.purpose() == null && !config.purposes().isEmpty()) {
            throw new WeftException(where + ": give the sync a purpose (one of " + new TreeMap<>(config.purposes()).keySet()
                    + "): consent/*.yml declares purposes, and every sync is checked against one");
        }
        List<ConsentConfig.SuppressionList> lists = config.suppression().stream()
                .filter(l -> l.appliesTo(r.syncId(), r.destinationType())).toList();
        boolean forgettable = forgettable(r.subjects());
        if (r.purpose() == null && lists.isEmpty() && !forgettable) {
            return Optional.empty();
        }
        if (r.subjects().types().isEmpty()) {
            throw new WeftException(where + ": give its model source identifiers (source.identifiers, e.g. {email: email}):"
                    + " consent and suppression apply to it, and they find a record's person by its identifiers");
        }
        Tables t = Tables.of(planTable);
        Map<String, Object> vars = vars(t);
        warehouse.executeAll(SqlTemplates.statements(d, "consent/withhold.sql#tables", vars));
        try {
            subjects(r, t);
            if (r.purpose() != null) {
                for (ConsentConfig.Source s : config.sources()) {
                    events(s, r.purpose(), t);
                }
            }
            for (ConsentConfig.SuppressionList l : lists) {
                listed(l, t);
            }
            throughIdentity(t);
            Map<String, Object> verdict = new HashMap<>(vars);
            verdict.put("source", r.subjects().sql());
            verdict.put("opt_in", r.purpose() != null && config.purposes().get(r.purpose()) == ConsentConfig.Policy.OPT_IN);
            verdict.put("forgettable", forgettable);
            verdict.put("tombstones", IdentityTables.LIVE.deletions());
            warehouse.execute(SqlTemplates.render(d, "consent/withhold.sql#withhold", verdict), r.subjects().binds().toArray());
            Map<String, Long> counts = new TreeMap<>();
            warehouse.query(SqlTemplates.render(d, "consent/withhold.sql#counts", vars), List.of(),
                    row -> counts.put(row.getString(0), row.getLong(1)));
            return Optional.of(new Withholding(t, counts));
        } finally {
            for (String scratch : List.of(t.subjects(), t.events(), t.listed(), t.domains())) {
                warehouse.execute(d.dropTableIfExists(scratch));
            }
        }
    }

    /**
     * Whether a deletion request can reach these records through their own identifiers: a model's rows name their
     * identifiers and keep them whatever identity does with them (an audience's members are profiles, which lose a
     * forgotten identifier in the identity run: sql/syncs/forget.sql), and a request is held (the tombstones, in the
     * warehouse, once identity has run).
     */
    private boolean forgettable(Subjects subjects) {
        String tombstones = IdentityTables.LIVE.deletions();
        return withholdsForgotten && subjects.types().stream().anyMatch(type -> !type.equals(ConsentConfig.PROFILE_ID))
                && warehouse.tableExists(tombstones)
                && warehouse.queryLong(SqlTemplates.render(d, "consent/withhold.sql#held", Map.of("tombstones", tombstones))).orElse(0L) > 0;
    }

    /** Each record's own identifiers. */
    private void subjects(Request r, Tables t) {
        List<String> types = r.subjects().types();
        for (int i = 0; i < types.size(); i++) {
            BoundSql value = normalized(types.get(i), "x.i" + i, "sync '" + r.syncId() + "' source.identifiers." + types.get(i));
            Map<String, Object> vars = vars(t);
            vars.put("source", r.subjects().sql());
            vars.put("value", value.sql());
            List<Object> binds = new ArrayList<>();
            binds.add(types.get(i));
            binds.addAll(value.binds());
            binds.addAll(r.subjects().binds());
            warehouse.execute(SqlTemplates.render(d, "consent/withhold.sql#subjects", vars), binds.toArray());
        }
    }

    /** The identifiers of the profiles the records belong to that the events and lists read name. */
    private void throughIdentity(Tables t) {
        String graph = IdentityTables.LIVE.graph();
        if (warehouse.tableExists(graph)) {
            Map<String, Object> vars = vars(t);
            vars.put("graph", graph);
            warehouse.execute(SqlTemplates.render(d, "consent/withhold.sql#through_identity", vars));
        }
    }

    private void events(ConsentConfig.Source s, String purpose, Tables t) {
        for (Map.Entry<String, String> id : s.identifiers().entrySet()) {
            BoundSql value = normalized(id.getKey(), column(id.getValue()), "consent source '" + s.name() + "' identifiers." + id.getKey());
            Map<String, Object> vars = vars(t);
            vars.put("table", s.table());
            vars.put("value", value.sql());
            vars.put("status", column(s.status()));
            vars.put("at", column(s.timestamp()));
            vars.put("purpose", column(s.purpose()));
            List<Object> binds = new ArrayList<>();
            binds.add(id.getKey());
            binds.addAll(value.binds());
            binds.add(purpose);
            warehouse.execute(SqlTemplates.render(d, "consent/withhold.sql#events", vars), binds.toArray());
        }
    }

    private void listed(ConsentConfig.SuppressionList l, Tables t) {
        for (Map.Entry<String, String> id : l.identifiers().entrySet()) {
            BoundSql value = normalized(id.getKey(), column(id.getValue()), "suppression list '" + l.name() + "' identifiers." + id.getKey());
            Map<String, Object> vars = vars(t);
            vars.put("table", l.table());
            vars.put("value", value.sql());
            List<Object> binds = new ArrayList<>();
            binds.add(l.name());
            binds.add(id.getKey());
            binds.addAll(value.binds());
            warehouse.execute(SqlTemplates.render(d, "consent/withhold.sql#listed", vars), binds.toArray());
        }
        if (l.domains() != null) {
            Map<String, Object> vars = vars(t);
            vars.put("table", l.table());
            vars.put("column", column(l.domains()));
            warehouse.execute(SqlTemplates.render(d, "consent/withhold.sql#domains", vars), l.name());
        }
    }

    /** A value as the identity graph holds values of its type; profile ids as text. */
    private BoundSql normalized(String type, String expr, String where) {
        if (type.equals(ConsentConfig.PROFILE_ID)) {
            return BoundSql.of(d.castToText(expr));
        }
        if (identityConfig == null) {
            identityConfig = identity.get();
        }
        IdentityConfig.IdType idType = identityConfig.type(type).orElseThrow(() -> new WeftException(where + ": '" + type
                + "' is not an identifier type of identity-graph/ (" + identityConfig.types().stream().map(IdentityConfig.IdType::name)
                .sorted().toList() + ") nor " + ConsentConfig.PROFILE_ID));
        return identityConfig.normalize(d, idType, expr);
    }

    private String column(String name) {
        return "c." + d.ident(name);
    }

    private Map<String, Object> vars(Tables t) {
        Map<String, Object> vars = new HashMap<>();
        vars.put("t", t.asMap());
        vars.put("varchar", d.typeName(ColumnType.VARCHAR));
        vars.put("timestamp", d.typeName(ColumnType.TIMESTAMP));
        return vars;
    }

    /** The withheld records of one plan: their counts by reason, and the source without them. */
    public final class Withholding {

        private final Tables tables;
        private final Map<String, Long> counts;

        private Withholding(Tables tables, Map<String, Long> counts) {
            this.tables = tables;
            this.counts = Map.copyOf(counts);
        }

        /** Withheld records by reason. */
        public Map<String, Long> counts() {
            return counts;
        }

        /** The table of the withheld records ({@code record_key, reason}), until {@link #drop}. */
        public String table() {
            return tables.withheld();
        }

        /** {@code source} (a SELECT with a {@code record_key} column) without the withheld records; same binds. */
        public String released(String source) {
            Map<String, Object> vars = vars(tables);
            vars.put("source", source);
            return SqlTemplates.render(d, "consent/withhold.sql#released", vars);
        }

        /** Drops the withheld table, once the plan no longer reads it. */
        public void drop() {
            warehouse.execute(d.dropTableIfExists(tables.withheld()));
        }
    }

    /** The scratch tables of one plan, named after it. */
    record Tables(String subjects, String events, String listed, String domains, String withheld) {

        static Tables of(String planTable) {
            return new Tables(name(planTable, "subjects"), name(planTable, "events"), name(planTable, "listed"),
                    name(planTable, "domains"), name(planTable, "withheld"));
        }

        private static String name(String planTable, String part) {
            return WarehouseNames.of("weft_tmp_consent_", planTable, part);
        }

        Map<String, String> asMap() {
            return Map.of("subjects", subjects, "events", events, "listed", listed, "domains", domains, "withheld", withheld);
        }
    }
}
