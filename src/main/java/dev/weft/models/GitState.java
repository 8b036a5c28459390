package dev.weft.models;

/**
 * The commit a run's models came from: the workspace's HEAD (and whether {@code models/} had
 * uncommitted changes) or, for a remote workspace, the commit {@code ref} pointed at in {@code url}.
 */
public record GitState(String commitSha, boolean dirty, String url, String ref) {
}
