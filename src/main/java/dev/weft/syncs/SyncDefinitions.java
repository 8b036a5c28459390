package dev.weft.syncs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.weft.WeftException;
import dev.weft.Workspace;
import dev.weft.audit.AuditLog;
import dev.weft.definitions.Problem;
import dev.weft.definitions.YamlLines;
import dev.weft.store.Store;
import jakarta.inject.Singleton;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Every sync: those in the workspace's {@code syncs/*.yml} (from git, read-only through the API) and
 * those made through the API (in the store). Ids are unique across both.
 */
@Singleton
public class SyncDefinitions {

    private static final Logger LOG = LoggerFactory.getLogger(SyncDefinitions.class);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Table<Record> SYNCS = DSL.table("weft_syncs");
    static final Field<String> ID = DSL.field("id", String.class);
    static final Field<String> DEFINITION = DSL.field("definition", String.class);
    static final Field<LocalDateTime> CREATED_AT = DSL.field("created_at", LocalDateTime.class);
    static final Field<LocalDateTime> UPDATED_AT = DSL.field("updated_at", LocalDateTime.class);

    static final String SUBJECT = "sync";

    private final Workspace workspace;
    private final Store store;
    private final AuditLog audit;

    public SyncDefinitions(Workspace workspace, Store store, AuditLog audit) {
        this.workspace = workspace;
        this.store = store;
        this.audit = audit;
    }

    /**
     * Every valid sync, by id. Invalid files, and stored definitions that no longer pass the parser
     * (saved before a check was added), are logged with their problems and left out, so one bad
     * definition never hides the others.
     */
    public List<SyncDefinition> list() {
        TreeMap<String, SyncDefinition> all = new TreeMap<>();
        for (Path file : files()) {
            try {
                SyncDefinition d = load(file);
                all.put(d.id(), d);
            } catch (WeftException e) {
                LOG.warn("{}", e.getMessage());
            }
        }
        store.dsl().select(ID, DEFINITION).from(SYNCS).orderBy(ID).fetch().forEach(row -> {
            try {
                SyncDefinition d = fromStored(row.value2(), row.value1());
                all.putIfAbsent(d.id(), d);
            } catch (WeftException e) {
                LOG.warn("{}", e.getMessage());
            }
        });
        return new ArrayList<>(all.values());
    }

    public Optional<SyncDefinition> find(String id) {
        Path file = workspace.resolve("syncs").resolve(id + ".yml");
        if (Files.isRegularFile(file)) {
            return Optional.of(load(file));
        }
        Path yaml = workspace.resolve("syncs").resolve(id + ".yaml");
        if (Files.isRegularFile(yaml)) {
            return Optional.of(load(yaml));
        }
        return Optional.ofNullable(store.dsl().select(DEFINITION).from(SYNCS).where(ID.eq(id)).fetchOne(DEFINITION))
                .map(text -> fromStored(text, id));
    }

    /** The sync, or an error naming it and the syncs that exist. */
    public SyncDefinition get(String id) {
        return find(id).orElseThrow(() -> new WeftException("no sync '" + id + "' (in syncs/*.yml or made through the API); known: "
                + list().stream().map(SyncDefinition::id).toList()));
    }

    public boolean isInGit(String id) {
        return Files.isRegularFile(workspace.resolve("syncs").resolve(id + ".yml"))
                || Files.isRegularFile(workspace.resolve("syncs").resolve(id + ".yaml"));
    }

    /** Stores a new API-made sync; one insert, so of two racing creates of one id the second fails. */
    public void create(SyncDefinition d) {
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        ObjectNode json = toJson(d);
        try {
            store.dsl().insertInto(SYNCS).set(ID, d.id()).set(DEFINITION, json.toString())
                    .set(CREATED_AT, now).set(UPDATED_AT, now).execute();
        } catch (DataAccessException e) {
            if (AlreadyExistsException.isUniqueViolation(e)) {
                throw new AlreadyExistsException("a sync '" + d.id() + "' exists");
            }
            throw e;
        }
        audit.record("sync.create", SUBJECT, d.id(), null, json);
    }

    /** Stores an API-made sync (new or replacing one made through the API). */
    public void save(SyncDefinition d) {
        ObjectNode json = toJson(d);
        String text = json.toString();
        JsonNode before = stored(d.id());
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        store.dsl().transaction(tx -> {
            int n = tx.dsl().update(SYNCS).set(DEFINITION, text).set(UPDATED_AT, now).where(ID.eq(d.id())).execute();
            if (n == 0) {
                tx.dsl().insertInto(SYNCS).set(ID, d.id()).set(DEFINITION, text).set(CREATED_AT, now).set(UPDATED_AT, now).execute();
            }
        });
        audit.record(before == null ? "sync.create" : "sync.update", SUBJECT, d.id(), before, json);
    }

    public boolean existsInStore(String id) {
        return store.dsl().fetchExists(SYNCS, ID.eq(id));
    }

    public boolean delete(String id) {
        JsonNode before = stored(id);
        boolean deleted = store.dsl().deleteFrom(SYNCS).where(ID.eq(id)).execute() > 0;
        if (deleted) {
            audit.record("sync.delete", SUBJECT, id, before, null);
        }
        return deleted;
    }

    /** The definition the store holds for {@code id} as saved, or null. */
    private JsonNode stored(String id) {
        String text = store.dsl().select(DEFINITION).from(SYNCS).where(ID.eq(id)).fetchOne(DEFINITION);
        try {
            return text == null ? null : JSON.readTree(text);
        } catch (IOException e) {
            throw new WeftException("sync '" + id + "' in the store is not JSON: " + e.getMessage(), e);
        }
    }

    /** Reads one sync file; problems name the file and the line. */
    public static SyncDefinition load(Path file) {
        String name = file.getFileName().toString();
        String stem = name.substring(0, name.lastIndexOf('.'));
        String text;
        JsonNode node;
        try {
            text = Files.readString(file);
            node = YAML.readTree(text);
        } catch (IOException e) {
            throw new WeftException(file + ": not readable YAML: " + e.getMessage(), e);
        }
        try {
            return SyncDefinitionParser.parse(node, stem, "git", file.toString());
        } catch (InvalidSyncException e) {
            // No cause: the CLI prints the root cause's message, and this one carries the lines.
            throw new WeftException(String.join("; ", lines(file, text, e.problems())));
        }
    }

    /**
     * Problems of a sync found after reading it (its destination, its source's columns), one line each: for a
     * sync in git, its file and the line each pointer reaches; for one made through the API, its id.
     */
    public List<String> describe(SyncDefinition d, List<Problem> problems) {
        Optional<Path> file = Stream.of(".yml", ".yaml").map(ext -> workspace.resolve("syncs").resolve(d.id() + ext))
                .filter(Files::isRegularFile).findFirst();
        if (file.isPresent() && "git".equals(d.origin())) {
            try {
                return lines(file.get(), Files.readString(file.get()), problems);
            } catch (IOException e) {
                throw new WeftException(file.get() + ": not readable: " + e.getMessage(), e);
            }
        }
        return problems.stream().map(p -> "sync '" + d.id() + "': " + p.path() + ": " + p.problem()).toList();
    }

    private static List<String> lines(Path file, String text, List<Problem> problems) {
        return problems.stream().map(p -> file + " line " + YamlLines.lineOf(text, p.path()) + ": "
                + (p.path().isEmpty() ? "/" : p.path()) + ": " + p.problem()).toList();
    }

    /** The id of every sync, readable or not: the files in {@code syncs/} and those made through the API. */
    public List<String> ids() {
        TreeSet<String> ids = new TreeSet<>();
        files().forEach(f -> ids.add(f.getFileName().toString().replaceFirst("\\.ya?ml$", "")));
        ids.addAll(store.dsl().select(ID).from(SYNCS).fetch(ID));
        return List.copyOf(ids);
    }

    private List<Path> files() {
        Path dir = workspace.resolve("syncs");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new WeftException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static SyncDefinition fromStored(String text, String id) {
        try {
            return SyncDefinitionParser.parse(JSON.readTree(text), null, "api", "stored sync '" + id + "'");
        } catch (IOException e) {
            throw new WeftException("stored sync '" + id + "': not JSON: " + e.getMessage(), e);
        }
    }

    /** The definition in the shape the parser reads (and the API answers). */
    public static ObjectNode toJson(SyncDefinition d) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", d.id());
        ObjectNode src = n.putObject("source");
        if (d.source().isAudience()) {
            src.put("audience", d.source().audience());
            if (d.source().splitGroup() != null) {
                src.put("split_group", d.source().splitGroup());
            }
            if (d.source().priorityList() != null) {
                src.put("priority_list", d.source().priorityList());
            }
            src.put("traits", d.source().traits());
        } else {
            src.put("model", d.source().model());
            if (!d.source().identifiers().isEmpty()) {
                ObjectNode ids = src.putObject("identifiers");
                d.source().identifiers().forEach(ids::put);
            }
        }
        ObjectNode dst = n.putObject("destination");
        dst.put("type", d.destination().type());
        dst.put("connection", d.destination().connection());
        ObjectNode opts = dst.putObject("options");
        d.destination().options().forEach(opts::put);
        n.put("mode", d.mode().name().toLowerCase(Locale.ROOT));
        if (d.purpose() != null) {
            n.put("purpose", d.purpose());
        }
        n.put("key", d.key());
        ArrayNode mapping = n.putArray("mapping");
        for (SyncDefinition.FieldMapping m : d.mapping()) {
            ObjectNode o = mapping.addObject();
            if (m.from() != null) {
                o.put("from", m.from());
            } else {
                o.put("constant", m.constant());
            }
            o.put("to", m.to());
            ArrayNode ts = o.putArray("transforms");
            m.transforms().forEach(t -> ts.add(t.configName()));
        }
        SyncDefinition.Schedule s = d.schedule();
        if (s.kind() == SyncDefinition.Schedule.Kind.MANUAL) {
            n.put("schedule", "manual");
        } else {
            ObjectNode sch = n.putObject("schedule");
            switch (s.kind()) {
                case CRON -> sch.put("cron", s.cron());
                case INTERVAL -> sch.put("every", s.every().toSeconds() + "s");
                case AFTER_MODELS -> sch.put("after", "models");
                default -> { }
            }
            sch.put("missed", s.missed().name().toLowerCase(Locale.ROOT));
        }
        if (d.onConsentLost() != null) {
            n.putObject("on_consent_lost").set("fields", JSON.valueToTree(d.onConsentLost().fields()));
        }
        if (!d.alerts().isEmpty()) {
            n.set("alerts", AlertRule.toJson(d.alerts()));
        }
        return n;
    }
}
