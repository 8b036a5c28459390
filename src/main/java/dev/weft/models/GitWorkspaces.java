package dev.weft.models;

import dev.weft.StateFiles;
import dev.weft.WeftException;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a run's models come from, through JGit: the local workspace's HEAD (recording, not refusing,
 * uncommitted changes under {@code models/}), or a remote repository fetched into a cache under
 * {@code .weft/git/} and checked out at the commit a branch, tag or SHA names.
 */
public final class GitWorkspaces {

    private static final Map<Path, Object> LOCKS = new ConcurrentHashMap<>();

    private GitWorkspaces() {
    }

    /** The commit of the git repository holding {@code root}, or empty when it is not in one (or has no commit yet). */
    public static Optional<GitState> local(Path root) {
        FileRepositoryBuilder builder = new FileRepositoryBuilder().readEnvironment().findGitDir(root.toFile());
        if (builder.getGitDir() == null) {
            return Optional.empty();
        }
        try (Repository repo = builder.build(); Git git = new Git(repo)) {
            ObjectId head = repo.resolve("HEAD");
            if (head == null) {
                return Optional.empty();
            }
            Path top = repo.getWorkTree().toPath().toRealPath();
            String models = top.relativize(root.toRealPath().resolve(ModelProject.MODELS_DIR)).toString().replace('\\', '/');
            boolean dirty = !git.status().addPath(models).call().isClean();
            return Optional.of(new GitState(head.name(), dirty, null, null));
        } catch (IOException | GitAPIException e) {
            throw new WeftException("cannot read the git repository of " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes the files under {@code folders} of the workspace {@code root} as commit {@code ref} of its repository has them
     * (a branch, tag or SHA; HEAD~1 and the like) into {@code into}, keeping their paths; answers the commit.
     */
    public static String extract(Path root, String ref, java.util.List<String> folders, Path into) {
        FileRepositoryBuilder builder = new FileRepositoryBuilder().readEnvironment().findGitDir(root.toFile());
        if (builder.getGitDir() == null) {
            throw new WeftException("--state-ref " + ref + ": " + root + " is not in a git repository");
        }
        try (Repository repo = builder.build(); org.eclipse.jgit.revwalk.RevWalk walk = new org.eclipse.jgit.revwalk.RevWalk(repo)) {
            ObjectId commit = resolve(repo, ref);
            if (commit == null) {
                throw new WeftException("--state-ref " + ref + ": no branch, tag or commit of that name in "
                        + repo.getWorkTree());
            }
            Path top = repo.getWorkTree().toPath().toRealPath();
            String prefix = top.relativize(root.toRealPath()).toString().replace('\\', '/');
            prefix = prefix.isEmpty() ? "" : prefix + "/";
            try (org.eclipse.jgit.treewalk.TreeWalk tree = new org.eclipse.jgit.treewalk.TreeWalk(repo)) {
                tree.addTree(walk.parseCommit(commit).getTree());
                tree.setRecursive(true);
                while (tree.next()) {
                    String path = tree.getPathString();
                    if (!path.startsWith(prefix)) {
                        continue;
                    }
                    String relative = path.substring(prefix.length());
                    if (folders.stream().noneMatch(f -> relative.startsWith(f + "/"))) {
                        continue;
                    }
                    Path file = into.resolve(relative).normalize();
                    Files.createDirectories(file.getParent());
                    Files.write(file, repo.open(tree.getObjectId(0)).getBytes());
                }
            }
            return commit.name();
        } catch (IOException e) {
            throw new WeftException("--state-ref " + ref + ": cannot read the git repository of " + root + ": " + e.getMessage(), e);
        }
    }

    /** A checkout of {@code url} at {@code ref}: its folder and the commit it holds. */
    public record Checkout(Path root, GitState git) {
    }

    /**
     * Clones {@code url} into {@code cacheDir} on first use, fetches it afterwards, and checks out the
     * commit {@code ref} names (a branch of the remote, a tag or a commit SHA).
     */
    public static Checkout fetch(String url, String ref, Path cacheDir) {
        Path dir = cacheDir.resolve(shortHash(url)).toAbsolutePath().normalize();
        synchronized (LOCKS.computeIfAbsent(dir, d -> new Object())) {
            try {
                Git git;
                if (Files.isDirectory(dir.resolve(".git"))) {
                    git = Git.open(dir.toFile());
                    git.fetch().setRemote("origin").setRemoveDeletedRefs(true)
                            .setRefSpecs("+refs/heads/*:refs/remotes/origin/*", "+refs/tags/*:refs/tags/*").call();
                } else {
                    // Owner-only: a clone's .git/config keeps its URL, with any token written into it.
                    StateFiles.privateDirectory(dir.getParent());
                    git = Git.cloneRepository().setURI(url).setDirectory(dir.toFile()).setNoCheckout(true).call();
                }
                try (git) {
                    ObjectId commit = resolve(git.getRepository(), ref);
                    if (commit == null) {
                        throw new WeftException("--ref " + ref + ": no branch, tag or commit of that name in " + url);
                    }
                    git.checkout().setName(commit.name()).setForced(true).call();
                    return new Checkout(dir, new GitState(commit.name(), false, url, ref));
                }
            } catch (IOException | GitAPIException e) {
                throw new WeftException("--git " + url + ": cannot fetch: " + e.getMessage(), e);
            }
        }
    }

    private static ObjectId resolve(Repository repo, String ref) throws IOException {
        for (String candidate : new String[]{"refs/remotes/origin/" + ref, "refs/tags/" + ref + "^{commit}", ref + "^{commit}"}) {
            try {
                ObjectId id = repo.resolve(candidate);
                if (id != null) {
                    return id;
                }
            } catch (org.eclipse.jgit.errors.RevisionSyntaxException | org.eclipse.jgit.errors.AmbiguousObjectException e) {
                // not this form of ref; try the next
            }
        }
        return null;
    }

    private static String shortHash(String url) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
