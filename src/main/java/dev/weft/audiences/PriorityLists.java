package dev.weft.audiences;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.WeftException;
import dev.weft.audit.AuditLog;
import dev.weft.definitions.JsonPointers;
import dev.weft.definitions.Problem;
import dev.weft.warehouse.Column;
import dev.weft.warehouse.ColumnType;
import dev.weft.warehouse.SqlTemplates;
import dev.weft.warehouse.Warehouse;
import dev.weft.warehouse.Warehouses;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Priority lists, wherever they are kept (git files in {@code audiences/priority-lists/}, and the store for
 * those made through the API), their preview, and their cut in the warehouse: {@code weft_priority_members}
 * holds each list's members with the one audience each counts in, what a sync with a priority list reads.
 * The cut is recomputed from the audiences' materialized members whenever one of them is materialized.
 */
@Singleton
public class PriorityLists {

    public static final String MEMBERS_TABLE = "weft_priority_members";
    static final String SUBJECT = "priority_list";
    private static final String TEMPLATE = "audiences/priority.sql";
    private static final Logger LOG = LoggerFactory.getLogger(PriorityLists.class);

    private final Warehouses warehouses;
    private final GitAudiences git;
    private final AudienceRepository audiences;
    private final PriorityListRepository repository;
    private final List<AudienceUsage> usages;
    private final AuditLog audit;
    private final ObjectMapper json = new ObjectMapper();
    private final Clock clock = Clock.systemUTC();

    public PriorityLists(Warehouses warehouses, GitAudiences git, AudienceRepository audiences, PriorityListRepository repository,
                         List<AudienceUsage> usages, AuditLog audit) {
        this.warehouses = warehouses;
        this.git = git;
        this.audiences = audiences;
        this.repository = repository;
        this.usages = usages;
        this.audit = audit;
    }

    /** An audience's size before and after its list's cut. */
    public record Cut(String audienceId, long before, long after) {
    }

    /** Git lists first; a stored list whose ID a git file also has is shadowed by the file. */
    public List<PriorityList> list() {
        List<PriorityList> out = new ArrayList<>(gitLists());
        Set<String> ids = out.stream().map(PriorityList::id).collect(Collectors.toSet());
        repository.list().stream().filter(l -> !ids.contains(l.id())).forEach(out::add);
        return out;
    }

    /** One list; a git file that is no priority list is a {@link BrokenAudienceException} saying why. */
    public PriorityList get(String id) {
        PriorityList l = existing(id);
        if (l.invalid() != null) {
            throw new BrokenAudienceException("priority list '" + id + "' is invalid: " + l.invalid(), List.of());
        }
        return l;
    }

    private PriorityList existing(String id) {
        return find(id).orElseThrow(() -> new PriorityListNotFoundException(id));
    }

    private Optional<PriorityList> find(String id) {
        if (!GitAudiences.ID.matcher(id).matches()) {
            return Optional.empty(); // never a path: IDs from requests are not trusted as file names
        }
        Path f = folder().resolve(id + ".json");
        return Files.isRegularFile(f) ? Optional.of(read(f)) : repository.find(id);
    }

    public PriorityList create(JsonNode body, String who) {
        PriorityList.Definition def = validate(body, true);
        PriorityList created = repository.save(UUID.randomUUID().toString(), def, who, clock.instant());
        audit.record("priority_list.create", SUBJECT, created.id(), null, created);
        materialize(warehouses.primary(), created);
        return created;
    }

    public PriorityList update(String id, JsonNode body, String who) {
        PriorityList current = existing(id);
        requireWritable(current);
        PriorityList.Definition def = validate(body, true);
        PriorityList updated = repository.save(id, def, who, clock.instant());
        audit.record("priority_list.update", SUBJECT, id, current, updated);
        materialize(warehouses.primary(), updated);
        return updated;
    }

    public void delete(String id) {
        PriorityList current = existing(id);
        requireWritable(current);
        List<String> syncs = usages.stream().flatMap(u -> u.syncsUsingPriorityList(id).stream()).distinct().sorted().toList();
        if (!syncs.isEmpty()) {
            throw new AudienceInUseException("priority list '" + id + "' is used by sync" + (syncs.size() == 1 ? " " : "s ")
                    + String.join(", ", syncs) + "; change or delete " + (syncs.size() == 1 ? "it" : "them") + " first");
        }
        repository.delete(id);
        Warehouse w = warehouses.primary();
        if (w.tableExists(MEMBERS_TABLE)) {
            w.execute(SqlTemplates.render(w.dialect(), TEMPLATE + "#delete_list", Map.of()), id);
        }
        audit.record("priority_list.delete", SUBJECT, id, current, null);
    }

    /** The priority lists that rank this audience, by ID: an audience in one cannot be deleted. */
    List<String> using(String audienceId) {
        return list().stream().filter(l -> l.audiences().contains(audienceId)).map(PriorityList::id).sorted().toList();
    }

    /**
     * Each audience's size before and after the cut, in the list's order, from the audiences' members as last
     * materialized (an audience never materialized counts 0).
     */
    public List<Cut> preview(String id) {
        PriorityList l = get(id);
        Warehouse w = warehouses.primary();
        Map<String, long[]> sizes = new HashMap<>();
        if (w.tableExists(AudienceQueries.MEMBERS_TABLE)) {
            w.query(SqlTemplates.render(w.dialect(), TEMPLATE + "#sizes", Map.of("n", l.audiences().size())), rankBinds(l),
                    row -> sizes.put(row.getString(0), new long[]{row.getLong(1), row.getLong(2)}));
        }
        return l.audiences().stream().map(a -> {
            long[] s = sizes.getOrDefault(a, new long[2]);
            return new Cut(a, s[0], s[1]);
        }).toList();
    }

    /**
     * Recomputes the cut of every valid list that ranks one of these audiences (just materialized). A list
     * that fails is logged and left as it was: the audiences' own runs succeeded.
     */
    void refresh(Warehouse w, Collection<String> audienceIds) {
        for (PriorityList l : list()) {
            if (l.invalid() == null && l.audiences().stream().anyMatch(audienceIds::contains)) {
                try {
                    materialize(w, l);
                } catch (RuntimeException e) {
                    LOG.warn("priority list {}: recomputing its cut failed", l.id(), e);
                }
            }
        }
    }

    /** Brings the list's rows of weft_priority_members to its cut, removing only those that changed. */
    private void materialize(Warehouse w, PriorityList l) {
        if (!w.tableExists(AudienceQueries.MEMBERS_TABLE)) {
            return; // no audience materialized yet: nothing to cut
        }
        if (!w.tableExists(MEMBERS_TABLE)) {
            w.createTable(MEMBERS_TABLE, List.of(Column.of("priority_list_id", ColumnType.VARCHAR),
                    Column.of("audience_id", ColumnType.VARCHAR), Column.of("profile_id", ColumnType.VARCHAR),
                    Column.of("split_group", ColumnType.VARCHAR)), false);
        }
        Map<String, Object> vars = Map.of("n", l.audiences().size(), "varchar", w.dialect().typeName(ColumnType.VARCHAR));
        List<Object> deleteBinds = new ArrayList<>(List.of(l.id()));
        deleteBinds.addAll(rankBinds(l));
        w.execute(SqlTemplates.render(w.dialect(), TEMPLATE + "#delete_stale", vars), deleteBinds.toArray());
        List<Object> insertBinds = new ArrayList<>(deleteBinds);
        insertBinds.add(l.id());
        w.execute(SqlTemplates.render(w.dialect(), TEMPLATE + "#insert_new", vars), insertBinds.toArray());
        LOG.info("priority list {}: cut recomputed", l.id());
    }

    /** The audiences bound for the rank (CASE) and then for the IN list. */
    private static List<Object> rankBinds(PriorityList l) {
        List<Object> binds = new ArrayList<>(l.audiences());
        binds.addAll(l.audiences());
        return binds;
    }

    private PriorityList.Definition validate(JsonNode body, boolean nameRequired) {
        PriorityList.Definition def = PriorityList.parse(body, nameRequired);
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < def.audiences().size(); i++) {
            String a = def.audiences().get(i);
            if (git.find(a).isEmpty() && audiences.find(a).isEmpty()) {
                problems.add(new Problem(JsonPointers.member("/audiences", String.valueOf(i)), "no audience with id '" + a + "'"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidAudienceException("unknown audience", problems);
        }
        return def;
    }

    private static void requireWritable(PriorityList l) {
        if (l.fromGit()) {
            throw new ReadOnlyAudienceException("priority list '" + l.id() + "' comes from git (" + l.file()
                    + "); change it with a pull request");
        }
    }

    // -- git ------------------------------------------------------------------------------------

    private Path folder() {
        return git.folder().resolve("priority-lists");
    }

    private List<PriorityList> gitLists() {
        Path dir = folder();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().map(this::read).toList();
        } catch (IOException e) {
            throw new WeftException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** One file as a priority list; one that is none comes back invalid, saying why (syntax errors with line and column). */
    private PriorityList read(Path file) {
        String fileName = file.getFileName().toString();
        String id = fileName.substring(0, fileName.length() - ".json".length());
        String shown = git.shown(file);
        Instant modified;
        try {
            modified = Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            modified = Instant.EPOCH;
        }
        if (!GitAudiences.ID.matcher(id).matches()) {
            return PriorityList.invalidFile(id, shown, modified, shown
                    + ": a priority list file name must be its ID: lower-case letters, digits, '-' or '_'");
        }
        JsonNode node;
        try {
            node = json.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            return PriorityList.invalidFile(id, shown, modified, shown + (at == null ? "" : " line " + at.getLineNr() + " column "
                    + at.getColumnNr()) + ": not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return PriorityList.invalidFile(id, shown, modified, shown + ": cannot be read: " + e.getMessage());
        }
        try {
            PriorityList.Definition def = validate(node, false);
            return new PriorityList(id, def.name() == null ? id : def.name(), def.audiences(), "git", shown, modified, "git",
                    modified, "git", null);
        } catch (InvalidAudienceException e) {
            return PriorityList.invalidFile(id, shown, modified, shown + ": " + e.problems().stream()
                    .map(p -> p.path() + ": " + p.problem()).collect(Collectors.joining("; ")));
        }
    }
}
