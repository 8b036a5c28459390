package dev.weft.audiences;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.WeftException;
import dev.weft.audit.AuditLog;
import dev.weft.definitions.JsonPointers;
import dev.weft.definitions.Problem;
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
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Priority lists, wherever they are kept (git files in {@code audiences/priority-lists/}, and the store for
 * those made through the API), their preview, and when their cut ({@link PriorityCut}) is recomputed: when the
 * list is saved, and whenever one of its audiences is materialized.
 */
@Singleton
public class PriorityLists {

    static final String SUBJECT = "priority_list";
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
        PriorityCut.materialize(warehouses.primary(), created.id(), created.audiences());
        return created;
    }

    public PriorityList update(String id, JsonNode body, String who) {
        PriorityList current = existing(id);
        requireWritable(current);
        PriorityList.Definition def = validate(body, true);
        PriorityList updated = repository.save(id, def, who, clock.instant());
        audit.record("priority_list.update", SUBJECT, id, current, updated);
        PriorityCut.materialize(warehouses.primary(), id, updated.audiences());
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
        PriorityCut.delete(warehouses.primary(), id);
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
    public List<PriorityCut.Size> preview(String id) {
        return PriorityCut.sizes(warehouses.primary(), get(id).audiences());
    }

    /**
     * Recomputes the cut of every valid list that ranks one of these audiences (just materialized). A list
     * that fails is logged and left as it was: the audiences' own runs succeeded.
     */
    void refresh(Warehouse w, Collection<String> audienceIds) {
        for (PriorityList l : list()) {
            if (l.invalid() == null && l.audiences().stream().anyMatch(audienceIds::contains)) {
                try {
                    PriorityCut.materialize(w, l.id(), l.audiences());
                } catch (RuntimeException e) {
                    LOG.warn("priority list {}: recomputing its cut failed", l.id(), e);
                }
            }
        }
    }

    /** Recomputes one list's cut now (the pipeline's build of it) and answers how many profiles it holds. */
    public long cut(String id) {
        PriorityList l = get(id);
        Warehouse w = warehouses.primary();
        PriorityCut.materialize(w, l.id(), l.audiences());
        return PriorityCut.count(w, l.id());
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
