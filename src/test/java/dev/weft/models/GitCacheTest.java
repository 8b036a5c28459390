package dev.weft.models;

import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** The cache of fetched model repositories is owner-only: a clone's .git/config keeps its URL, tokens included. */
class GitCacheTest {

    @TempDir
    Path dir;

    @Test
    void theCacheFolderIsOwnerOnly() throws Exception {
        Path author = dir.resolve("author");
        try (Git git = Git.init().setInitialBranch("main").setDirectory(author.toFile()).call()) {
            Files.createDirectories(author.resolve("models"));
            Files.writeString(author.resolve("models/a.sql"), "select 1 as x");
            git.add().addFilepattern("models").call();
            git.commit().setMessage("a").setAuthor("t", "t@example.com").setCommitter("t", "t@example.com").setSign(false).call();
        }
        Path cache = dir.resolve("state/.weft/git");
        GitWorkspaces.fetch(author.toUri().toString(), "main", cache);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cache))).isEqualTo("rwx------");
    }
}
