package dev.weft.audiences;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.Workspace;
import dev.weft.audit.AuditLog;
import dev.weft.definitions.Problem;
import dev.weft.store.Store;
import dev.weft.testing.TestStores;
import dev.weft.warehouse.Column;
import dev.weft.warehouse.ColumnType;
import dev.weft.warehouse.Warehouse;
import dev.weft.warehouse.WarehouseConfig;
import dev.weft.warehouse.Warehouses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Priority lists on a real engine: the cut in the warehouse (preview sizes and the rows syncs read) against
 * the cut computed in Java over the same memberships, as memberships move; definitions refused at their
 * pointers; git lists read-only. One subclass per engine.
 */
abstract class PriorityListContract {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> AUDIENCES = List.of("alpha", "beta", "gamma");

    private Path dir;
    private Store store;
    private Warehouses warehouses;
    private Warehouse w;
    private PriorityLists lists;
    private final Set<String> usedBySync = new HashSet<>();
    /** audience -> profile -> split group ("" for none): what weft_audience_members holds. */
    private final Map<String, Map<String, String>> members = new LinkedHashMap<>();

    /** The warehouse to test, named {@code name}. */
    protected abstract WarehouseConfig config(String name, Path dir);

    protected void dropWarehouse() {
    }

    @BeforeEach
    void setUp() throws Exception {
        dir = Files.createTempDirectory("weft-priority");
        Files.createDirectories(dir.resolve("audiences/priority-lists"));
        for (String a : AUDIENCES) {
            Files.writeString(dir.resolve("audiences/" + a + ".json"), "{\"name\": \"" + a + "\", \"conditions\": []}");
        }
        Workspace workspace = new Workspace(dir.toString());
        store = TestStores.h2(dir);
        warehouses = new Warehouses(List.of(config("wh", dir)), "wh", workspace);
        w = warehouses.primary();
        w.createTable(AudienceQueries.MEMBERS_TABLE, List.of(Column.of("audience_id", ColumnType.VARCHAR),
                Column.of("profile_id", ColumnType.VARCHAR), Column.of("split_group", ColumnType.VARCHAR),
                Column.of("computed_at", ColumnType.TIMESTAMP)), true);
        AudienceUsage usage = new AudienceUsage() {
            @Override
            public List<String> syncsUsing(String audienceId) {
                return List.of();
            }

            @Override
            public List<String> syncsUsingPriorityList(String id) {
                return usedBySync.contains(id) ? List.of("crm-daily") : List.of();
            }
        };
        lists = new PriorityLists(warehouses, new GitAudiences(workspace), new AudienceRepository(store),
                new PriorityListRepository(store), List.of(usage), new AuditLog(store));
        Random random = new Random(7);
        for (String a : AUDIENCES) {
            members.put(a, new LinkedHashMap<>());
        }
        for (int p = 0; p < 300; p++) {
            for (String a : AUDIENCES) {
                if (random.nextInt(100) < 45) {
                    add(a, "p" + p, random.nextBoolean() ? "target" : "");
                }
            }
        }
    }

    @AfterEach
    void tearDown() {
        warehouses.close();
        store.close();
        dropWarehouse();
    }

    @Test
    void previewSizesAndTheMembersSyncsReadAreTheCutInListOrder() {
        PriorityList list = lists.create(body("{\"name\": \"Campaigns\", \"audiences\": [\"gamma\", \"alpha\", \"beta\"]}"), "tester");
        assertThat(list.audiences()).containsExactly("gamma", "alpha", "beta");
        assertThat(lists.preview(list.id())).isEqualTo(expectedCut(list.audiences()));
        assertThat(cutRows(list.id())).isEqualTo(expectedRows(list.audiences()));
        assertThat(lists.preview(list.id())).allSatisfy(c -> assertThat(c.after()).isLessThanOrEqualTo(c.before()));
        assertThat(lists.preview(list.id()).get(0).after()).as("the first audience loses no one")
                .isEqualTo(lists.preview(list.id()).get(0).before()).isPositive();
    }

    @Test
    void theCutFollowsMembersThatMoveLeaveOrChangeGroupWhenAnAudienceIsMaterialized() {
        PriorityList list = lists.create(body("{\"name\": \"Campaigns\", \"audiences\": [\"alpha\", \"beta\"]}"), "tester");
        String inBoth = members.get("alpha").keySet().stream().filter(p -> members.get("beta").containsKey(p)).findFirst().orElseThrow();
        String onlyBeta = members.get("beta").keySet().stream().filter(p -> !members.get("alpha").containsKey(p)).findFirst().orElseThrow();
        String onlyAlpha = members.get("alpha").keySet().stream().filter(p -> !members.get("beta").containsKey(p)).findFirst().orElseThrow();
        remove("alpha", inBoth);        // now only beta holds them: they move to beta
        add("alpha", onlyBeta, "");     // alpha outranks beta: they move to alpha
        remove("alpha", onlyAlpha);     // left both
        String regrouped = members.get("alpha").keySet().iterator().next();
        remove("alpha", regrouped);
        add("alpha", regrouped, "holdout");
        lists.refresh(w, List.of("alpha"));
        assertThat(cutRows(list.id())).isEqualTo(expectedRows(list.audiences()))
                .contains("beta|" + inBoth + "|" + members.get("beta").get(inBoth), "alpha|" + onlyBeta + "|", "alpha|" + regrouped + "|holdout")
                .noneMatch(r -> r.contains("|" + onlyAlpha + "|"));
        lists.refresh(w, List.of("gamma"));
        assertThat(cutRows(list.id())).as("a list that does not rank gamma is left alone").isEqualTo(expectedRows(list.audiences()));
    }

    @Test
    void replacingTheAudiencesRecutsAndDeletingRemovesTheRows() {
        PriorityList list = lists.create(body("{\"name\": \"Campaigns\", \"audiences\": [\"alpha\", \"beta\"]}"), "tester");
        PriorityList replaced = lists.update(list.id(), body("{\"name\": \"Campaigns\", \"audiences\": [\"beta\", \"gamma\"]}"), "tester");
        assertThat(cutRows(list.id())).isEqualTo(expectedRows(replaced.audiences()));
        usedBySync.add(list.id());
        assertThatThrownBy(() -> lists.delete(list.id())).isInstanceOf(AudienceInUseException.class).hasMessageContaining("crm-daily");
        usedBySync.clear();
        lists.delete(list.id());
        assertThat(cutRows(list.id())).isEmpty();
        assertThatThrownBy(() -> lists.get(list.id())).isInstanceOf(PriorityListNotFoundException.class);
    }

    @Test
    void definitionsAreRefusedAtTheirPointers() {
        assertThat(problems("{\"name\": \"x\", \"audiences\": [\"alpha\", \"nope\"]}"))
                .containsExactly(new Problem("/audiences/1", "no audience with id 'nope'"));
        assertThat(problems("{\"name\": \"x\", \"audiences\": [\"alpha\", \"alpha\"]}")).extracting(Problem::path).containsExactly("/audiences/1");
        assertThat(problems("{\"name\": \"x\", \"audiences\": [\"alpha\"]}")).extracting(Problem::path).containsExactly("/audiences");
        assertThat(problems("{\"audiences\": [\"alpha\", 3], \"colour\": \"red\"}")).extracting(Problem::path)
                .containsExactlyInAnyOrder("/colour", "/name", "/audiences/1");
    }

    @Test
    void gitListsAreListedReadOnlyAndABrokenFileSaysWhy() throws Exception {
        Files.writeString(dir.resolve("audiences/priority-lists/campaigns.json"), "{\"audiences\": [\"beta\", \"alpha\"]}");
        Files.writeString(dir.resolve("audiences/priority-lists/broken.json"), "{\"audiences\": [\"beta\", \"missing\"]}");
        assertThat(lists.list()).extracting(PriorityList::id).containsExactly("broken", "campaigns");
        assertThat(lists.get("campaigns").audiences()).containsExactly("beta", "alpha");
        assertThat(lists.list().get(0).invalid()).contains("audiences/priority-lists/broken.json", "/audiences/1", "missing");
        assertThatThrownBy(() -> lists.get("broken")).isInstanceOf(BrokenAudienceException.class);
        assertThatThrownBy(() -> lists.delete("campaigns")).isInstanceOf(ReadOnlyAudienceException.class);
        lists.refresh(w, List.of("beta"));
        assertThat(cutRows("campaigns")).isEqualTo(expectedRows(List.of("beta", "alpha")));
        assertThat(lists.preview("campaigns")).isEqualTo(expectedCut(List.of("beta", "alpha")));
    }

    // -- the reference cut, in Java ---------------------------------------------------------------

    private List<PriorityCut.Size> expectedCut(List<String> order) {
        Set<String> taken = new HashSet<>();
        List<PriorityCut.Size> out = new ArrayList<>();
        for (String a : order) {
            long after = members.get(a).keySet().stream().filter(taken::add).count();
            out.add(new PriorityCut.Size(a, members.get(a).size(), after));
        }
        return out;
    }

    private Set<String> expectedRows(List<String> order) {
        Set<String> taken = new HashSet<>();
        Set<String> out = new TreeSet<>();
        for (String a : order) {
            members.get(a).forEach((p, group) -> {
                if (taken.add(p)) {
                    out.add(a + "|" + p + "|" + group);
                }
            });
        }
        return out;
    }

    private Set<String> cutRows(String listId) {
        if (!w.tableExists(PriorityCut.MEMBERS_TABLE)) {
            return Set.of();
        }
        return new TreeSet<>(w.queryList("SELECT audience_id, profile_id, split_group FROM weft_priority_members WHERE priority_list_id = ?",
                List.of(listId), r -> r.getString(0) + "|" + r.getString(1) + "|" + (r.getString(2) == null ? "" : r.getString(2))));
    }

    private void add(String audience, String profile, String group) {
        members.get(audience).put(profile, group);
        w.execute("INSERT INTO weft_audience_members (audience_id, profile_id, split_group) VALUES (?, ?, ?)",
                audience, profile, group.isEmpty() ? null : group);
    }

    private void remove(String audience, String profile) {
        members.get(audience).remove(profile);
        w.execute("DELETE FROM weft_audience_members WHERE audience_id = ? AND profile_id = ?", audience, profile);
    }

    private List<Problem> problems(String json) {
        try {
            lists.create(body(json), "tester");
        } catch (InvalidAudienceException e) {
            return e.problems();
        }
        throw new AssertionError("accepted: " + json);
    }

    private static JsonNode body(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
