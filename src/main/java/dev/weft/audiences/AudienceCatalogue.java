package dev.weft.audiences;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.audit.AuditLog;
import dev.weft.definitions.Problem;
import dev.weft.warehouse.Warehouse;
import dev.weft.warehouse.Warehouses;
import jakarta.inject.Singleton;
import org.jooq.Select;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Every audience, wherever it is kept (git files in {@code audiences/}, and the store for those made
 * through the API), with its versions; checks definitions against the warehouse's models and compiles
 * them, resolving the audiences they refer to.
 */
@Singleton
public class AudienceCatalogue {

    /** The audit log's subject type for audiences. */
    static final String SUBJECT = "audience";

    private final Warehouses warehouses;
    private final AudienceSchemaCache schemas;
    private final AudienceRepository repository;
    private final GitAudiences git;
    private final List<AudienceUsage> usages;
    private final PriorityLists priorityLists;
    private final AuditLog audit;
    private final AudiencesConfig config;
    private Clock clock = Clock.systemUTC();

    public AudienceCatalogue(Warehouses warehouses, AudienceSchemaCache schemas, AudienceRepository repository, GitAudiences git,
                             List<AudienceUsage> usages, PriorityLists priorityLists, AuditLog audit, AudiencesConfig config) {
        this.warehouses = warehouses;
        this.schemas = schemas;
        this.repository = repository;
        this.git = git;
        this.usages = usages;
        this.priorityLists = priorityLists;
        this.audit = audit;
        this.config = config;
    }

    /** The audiences' "now": when versions are saved and runs happen, and where relative windows end. */
    void clock(Clock clock) {
        this.clock = clock;
    }

    Instant now() {
        return clock.instant();
    }

    /**
     * Git audiences first; a REST audience whose ID a git file also has is shadowed by the file. A git file
     * that is no audience is listed as invalid; each audience comes with its latest run's outcome.
     */
    public List<Audience> list() {
        List<Audience> out = new ArrayList<>(git.list());
        Set<String> ids = out.stream().map(Audience::id).collect(Collectors.toSet());
        repository.list().stream().filter(a -> !ids.contains(a.id())).forEach(out::add);
        Map<String, Audience.LastRun> lastRuns = repository.lastRuns();
        return out.stream().map(a -> a.withLastRun(lastRuns.get(a.id()))).toList();
    }

    /** One audience with its latest run's outcome; a git file that is no audience is a {@link BrokenAudienceException} saying why. */
    public Audience get(String id) {
        Audience a = existing(id);
        if (a.invalid() != null) {
            throw invalid(a);
        }
        return a.withLastRun(repository.lastRun(id).orElse(null));
    }

    /** An audience, valid or not, or {@link AudienceNotFoundException}. */
    Audience existing(String id) {
        return find(id).orElseThrow(() -> new AudienceNotFoundException(id));
    }

    /** The git file with that ID, else the API audience; an ID no audience can have is looked up nowhere. */
    Optional<Audience> find(String id) {
        if (!GitAudiences.ID.matcher(id).matches()) {
            return Optional.empty(); // API IDs are UUIDs, git IDs file names: both match
        }
        return git.find(id).or(() -> repository.find(id));
    }

    private static BrokenAudienceException invalid(Audience a) {
        return new BrokenAudienceException("audience '" + a.id() + "' is invalid: " + a.invalid(), List.of());
    }

    public Audience create(JsonNode body, String who) {
        AudienceDefinition def = validate(body, "", null);
        String id = UUID.randomUUID().toString();
        check(id, def);
        Audience created = repository.save(id, def.name(), body, who, clock.instant());
        audit.record("audience.create", SUBJECT, id, null, created);
        return created;
    }

    public Audience update(String id, JsonNode body, String who) {
        Audience current = existing(id);
        requireWritable(current);
        AudienceDefinition def = validate(body, "", null);
        check(id, def);
        Audience updated = repository.save(id, def.name(), body, who, clock.instant());
        audit.record("audience.update", SUBJECT, id, current, updated);
        return updated;
    }

    public void delete(String id) {
        Audience current = existing(id);
        requireWritable(current);
        List<String> syncs = usages.stream().flatMap(u -> u.syncsUsing(id).stream()).distinct().sorted().toList();
        if (!syncs.isEmpty()) {
            throw new AudienceInUseException("audience '" + id + "' is used by sync" + (syncs.size() == 1 ? " " : "s ")
                    + String.join(", ", syncs) + "; change or delete " + (syncs.size() == 1 ? "it" : "them") + " first");
        }
        // A list that ranked a deleted audience would cut against members that are gone, and no longer load.
        List<String> lists = priorityLists.using(id);
        if (!lists.isEmpty()) {
            throw new AudienceInUseException("audience '" + id + "' is ranked by priority list" + (lists.size() == 1 ? " " : "s ")
                    + String.join(", ", lists) + "; take it out of " + (lists.size() == 1 ? "that list" : "those lists")
                    + " or delete " + (lists.size() == 1 ? "it" : "them") + " first");
        }
        repository.delete(id);
        Warehouse w = warehouses.primary();
        if (w.tableExists(AudienceQueries.MEMBERS_TABLE)) {
            AudienceQueries.Rendered sql = queriesAt(now()).deleteMembers(id);
            w.execute(sql.sql(), sql.binds().toArray());
        }
        if (w.tableExists(AudienceQueries.HISTORY_TABLE)) {
            AudienceQueries.Rendered sql = queriesAt(now()).deleteHistory(id);
            w.execute(sql.sql(), sql.binds().toArray());
        }
        audit.record("audience.delete", SUBJECT, id, current, null);
    }

    public List<AudienceVersion> versions(String id) {
        Audience a = get(id);
        if (a.fromGit()) {
            return List.of(new AudienceVersion(id, 1, a.definition(), a.updatedAt(), "git"));
        }
        return repository.versions(id);
    }

    private static void requireWritable(Audience a) {
        if (a.fromGit()) {
            throw new ReadOnlyAudienceException("audience '" + a.id() + "' comes from git (" + a.file()
                    + "); change it with a pull request");
        }
    }

    // -- checking and compiling -----------------------------------------------------------------

    /** A definition found at {@code base} of a request, checked against the models; the name is required unless told otherwise. */
    AudienceDefinition validate(JsonNode node, String base, Boolean nameRequired) {
        return DefinitionParser.parse(node, base, schemas.schema(), nameRequired == null || nameRequired);
    }

    /**
     * Compiles once so unknown audiences, unknown split groups and cycles fail before saving. An audience whose
     * history a condition reads may be run after this one is saved: that is asked when the members are.
     */
    private void check(String id, AudienceDefinition def) {
        queriesAt(now()).members(id, def, resolver(Map.of(id, def))); // compiles only: any reference time does
    }

    /**
     * The SQL of audience {@code id}'s members when its definition is {@code def} (saved or not), to run or count.
     *
     * @throws AudiencesNotReadyException when a membership-history condition reads an audience never materialized
     */
    Select<?> members(AudienceQueries queries, String id, AudienceDefinition def) {
        AudienceQueries.Resolver resolver = resolver(Map.of(id, def));
        Select<?> members = queries.members(id, def, resolver); // first, so unknown audiences and cycles are said as such
        requireHistories(def.conditions(), null, resolver, new HashSet<>(Set.of(id)));
        return members;
    }

    /**
     * A membership-history condition reads the history an audience's runs write, which starts with its first run.
     * Of an audience never run there is none: "member for at least 30 days" would be no one (and its {@code not_in}
     * everyone) without saying why, so it is refused, naming the audience to run first. Audiences referred to by
     * membership conditions are inlined into the query, so their own history conditions are asked too.
     */
    private void requireHistories(List<Condition> conditions, String through, AudienceQueries.Resolver resolver, Set<String> seen) {
        for (Condition c : conditions) {
            if (c instanceof Condition.Group g) {
                requireHistories(g.conditions(), through, resolver, seen);
            } else if (c instanceof Condition.Not n) {
                requireHistories(List.of(n.condition()), through, resolver, seen);
            } else if (c instanceof Condition.Membership m && seen.add(m.audienceId())) {
                resolver.find(m.audienceId()).ifPresent(d -> requireHistories(d.conditions(), m.audienceId(), resolver, seen));
            } else if (c instanceof Condition.MembershipHistory h && repository.history(h.audienceId(), 1).isEmpty()) {
                throw new AudiencesNotReadyException("audience '" + h.audienceId() + "' has no membership history yet (read by "
                        + h.pointer() + (through == null ? "" : " of audience '" + through + "'") + "): it has never been materialized,"
                        + " and its history starts with its first run; run it first (weft audiences run " + h.audienceId()
                        + ", or POST /v1/audiences/" + h.audienceId() + "/runs)");
            }
        }
    }

    /** Finds the definitions of the audiences a definition refers to: {@code overrides} first, then the saved ones. */
    AudienceQueries.Resolver resolver(Map<String, AudienceDefinition> overrides) {
        return id -> {
            if (overrides.containsKey(id)) {
                return Optional.of(overrides.get(id));
            }
            return find(id).map(this::definitionOf);
        };
    }

    /** A saved audience's definition; one that is no audience (any more) is a {@link BrokenAudienceException} saying why. */
    AudienceDefinition definitionOf(Audience a) {
        if (a.invalid() != null) {
            throw invalid(a);
        }
        AudienceSchema schema = schemas.schema(); // without the models: not ready, which says nothing of the audience
        try {
            return DefinitionParser.parse(a.definition(), "", schema, false);
        } catch (InvalidAudienceException e) {
            List<Problem> problems = e.problems();
            throw new BrokenAudienceException("audience '" + a.id() + "'" + (a.file() == null ? "" : " (" + a.file() + ")")
                    + " is invalid: " + problems.stream().map(p -> p.path() + ": " + p.problem()).collect(Collectors.joining("; ")),
                    problems);
        }
    }

    /** Statements with relative windows measured back from the workspace's reference time (weft.audiences.as-of). */
    AudienceQueries queries() {
        return queries(null, warehouses.primary());
    }

    /**
     * Statements with relative windows measured back from {@code asOf} (null: the workspace's
     * {@code weft.audiences.as-of}, by default the clock); the latest event is looked up on {@code w}.
     */
    AudienceQueries queries(AsOf asOf, Warehouse w) {
        return queriesAt(referenceTime(asOf, w));
    }

    private AudienceQueries queriesAt(Instant asOf) {
        return new AudienceQueries(warehouses.primary().dialect(), schemas.schema(), LocalDateTime.ofInstant(asOf, ZoneOffset.UTC));
    }

    /** The instant {@code asOf} (null: the workspace's setting) stands for; the latest event of no events is the clock's now. */
    Instant referenceTime(AsOf asOf, Warehouse w) {
        AsOf chosen = asOf != null ? asOf : config.defaultAsOf();
        return switch (chosen.kind()) {
            case CLOCK -> now();
            case INSTANT -> chosen.instant();
            case LATEST_EVENT -> latestEvent(w).orElseGet(this::now);
        };
    }

    /** max(occurred_at) over the events model: one aggregate over one column. */
    private Optional<Instant> latestEvent(Warehouse w) {
        AudienceQueries.Rendered sql = queriesAt(now()).latestEvent();
        List<Instant> t = w.queryList(sql.sql(), sql.binds(), row -> row.getInstant(0));
        return t.isEmpty() ? Optional.empty() : Optional.ofNullable(t.get(0));
    }
}
