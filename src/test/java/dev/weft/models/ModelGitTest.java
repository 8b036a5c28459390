package dev.weft.models;

import dev.weft.Workspace;
import dev.weft.audit.AuditLog;
import dev.weft.store.Store;
import dev.weft.store.StoreConfig;
import dev.weft.testing.TestDuckDb;
import dev.weft.warehouse.Warehouse;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Runs record the commit their models came from: the workspace's HEAD, or a fetched remote. */
class ModelGitTest {

    @TempDir
    Path dir;

    private Path workspace;
    private Warehouse warehouse;
    private Store store;
    private ModelRunner runner;

    @BeforeEach
    void open() throws Exception {
        workspace = Files.createDirectories(dir.resolve("workspace"));
        warehouse = TestDuckDb.open(dir);
        store = new Store(new StoreConfig(null, null, null, null), new Workspace(dir.resolve("state").toString()));
        runner = new ModelRunner(warehouse, workspace, dir.resolve(".weft"), new ModelRunStore(store), 2, new ModelMetrics(new SimpleMeterRegistry()),
                new AuditLog(store));
    }

    @AfterEach
    void close() {
        runner.close();
        warehouse.close();
        store.close();
    }

    @Test
    void recordsTheWorkspaceCommitAndWhetherModelsWereDirty() throws Exception {
        try (Git git = Git.init().setInitialBranch("main").setDirectory(workspace.toFile()).call()) {
            write(workspace, "models/a.sql", "select 1 as x");
            write(workspace, ".weft/ignored-by-status.txt", "state outside models/ does not make the run dirty");
            git.add().addFilepattern("models").call();
            RevCommit commit = git.commit().setMessage("first model").setAuthor("t", "t@example.com")
                    .setCommitter("t", "t@example.com").setSign(false).call();

            RunSummary clean = runner.run(Selection.ALL);
            assertThat(clean.git()).isEqualTo(new GitState(commit.name(), false, null, null));
            assertThat(runner.runs().find(clean.runId()).orElseThrow().git().commitSha()).isEqualTo(commit.name());

            write(workspace, "models/a.sql", "select 2 as x");
            RunSummary dirty = runner.run(Selection.ALL);
            assertThat(dirty.status()).isEqualTo("success");
            assertThat(dirty.git().commitSha()).isEqualTo(commit.name());
            assertThat(dirty.git().dirty()).isTrue();
            assertThat(warehouse.queryLong("SELECT x FROM a")).contains(2L);
            assertThat(runner.runs().lastRun("a").orElseThrow().dirty()).isTrue();
        }
    }

    @Test
    void fetchesARemoteRepositoryAndRunsTheCommitItsRefNames() throws Exception {
        Path bare = dir.resolve("remote.git");
        Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call().close();
        Path clone = dir.resolve("author");
        try (Git author = Git.cloneRepository().setURI(bare.toUri().toString()).setDirectory(clone.toFile()).call()) {
            author.checkout().setOrphan(true).setName("main").call();
            write(clone, "models/remote_a.sql", "{{ config(materialized='table') }}\nselect 1 as x");
            RevCommit first = commitAndPush(author, "first");

            RunSummary run1 = runner.run(new RunOptions(Selection.ALL, false, Map.of(), bare.toUri().toString(), "main", null));
            assertThat(run1.status()).isEqualTo("success");
            assertThat(run1.git()).isEqualTo(new GitState(first.name(), false, bare.toUri().toString(), "main"));
            assertThat(warehouse.queryLong("SELECT x FROM remote_a")).contains(1L);

            write(clone, "models/remote_b.sql", "select x + 1 as y from {{ ref('remote_a') }}");
            RevCommit second = commitAndPush(author, "second");

            RunSummary run2 = runner.run(new RunOptions(Selection.ALL, false, Map.of(), bare.toUri().toString(), "main", null));
            assertThat(run2.git().commitSha()).isEqualTo(second.name());
            assertThat(run2.results()).extracting(ModelResult::name).containsExactly("remote_a", "remote_b");
            assertThat(warehouse.queryLong("SELECT y FROM remote_b")).contains(2L);

            // An older commit by SHA runs just that commit's models.
            RunSummary old = runner.run(new RunOptions(Selection.ALL, false, Map.of(), bare.toUri().toString(), first.name(), null));
            assertThat(old.git().commitSha()).isEqualTo(first.name());
            assertThat(old.results()).extracting(ModelResult::name).containsExactly("remote_a");

            assertThatThrownBy(() -> runner.run(new RunOptions(Selection.ALL, false, Map.of(), bare.toUri().toString(),
                    "no-such-branch", null))).hasMessageContaining("--ref no-such-branch");
        }
    }

    @Test
    void theServePollerRunsOnlyWhenTheRemoteCommitChanges() throws Exception {
        Path bare = dir.resolve("pulled.git");
        Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call().close();
        Path clone = dir.resolve("author");
        try (Git author = Git.cloneRepository().setURI(bare.toUri().toString()).setDirectory(clone.toFile()).call()) {
            author.checkout().setOrphan(true).setName("main").call();
            write(clone, "models/polled.sql", "{{ config(materialized='table') }}\nselect 1 as x");
            RevCommit first = commitAndPush(author, "first");
            ModelsGitPoller poller = new ModelsGitPoller(runner,
                    new ModelsConfig(2, bare.toUri().toString(), "main", java.time.Duration.ofMinutes(1)), null);

            assertThat(poller.poll()).get().extracting(r -> r.git().commitSha()).isEqualTo(first.name());
            assertThat(poller.poll()).isEmpty();

            write(clone, "models/polled.sql", "{{ config(materialized='table') }}\nselect 2 as x");
            RevCommit second = commitAndPush(author, "second");
            assertThat(poller.poll()).get().extracting(r -> r.git().commitSha()).isEqualTo(second.name());
            assertThat(warehouse.queryLong("SELECT x FROM polled")).contains(2L);
        }
    }

    private static RevCommit commitAndPush(Git git, String message) throws Exception {
        git.add().addFilepattern(".").call();
        RevCommit c = git.commit().setMessage(message).setAuthor("t", "t@example.com")
                .setCommitter("t", "t@example.com").setSign(false).call();
        git.push().setRemote("origin").add("main").call();
        return c;
    }

    private static void write(Path root, String file, String text) throws Exception {
        Path p = root.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }
}
