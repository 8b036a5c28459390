package dev.weft.demo;

import dev.weft.WeftException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's workspace files (models, macros, identity config, audiences, syncs), bundled on the
 * classpath under {@code /demo/} so {@code weft demo} works in any folder. A folder the workspace
 * already has is left alone: a team's own files always win over the demo's.
 */
public final class DemoWorkspace {

    /** Every bundled file, by workspace-relative path (DemoWorkspaceTest keeps it equal to the repository's). */
    static final List<String> FILES = List.of(
            "macros/cleaning.sql",
            "macros/profiles.sql",
            "macros/staging.sql",
            "models/README.md",
            "models/sources.yml",
            "models/schema.yml",
            "models/staging/stg_events.sql",
            "models/staging/stg_orders.sql",
            "models/staging/stg_contacts.sql",
            "models/staging/stg_consent.sql",
            "models/staging/employee_domains.sql",
            "models/marts/user_traits.sql",
            "models/profiles/profile_events.sql",
            "models/profiles/profile_traits.sql",
            "identity-graph/README.md",
            "identity-graph/identity.yml",
            "audiences/README.md",
            "audiences/cart-abandoners-7d.json",
            "audiences/engaged-with-holdout.json",
            "audiences/high-value-lapsed.json",
            "audiences/shoe-buyers-eu.json",
            "consent/consent.yml",
            "audiences/priority-lists/carts-first.json",
            "syncs/README.md",
            "syncs/contacts_to_file.yml",
            "syncs/engaged_target_to_file.yml",
            "syncs/high_value_lapsed_to_file.yml");

    static final List<String> FOLDERS = List.of("models", "macros", "identity-graph", "audiences", "consent", "syncs");

    /** The demo workspace's weft.yml: its data ends at a fixed date, so audiences measure time from its latest event. */
    static final String WEFT_YML = """
            # Written by 'weft demo'. The demo's data ends at a fixed date, so relative windows in audiences
            # ("the last 7 days") end at its latest event rather than now, in the API and the CLI as in the demo
            # (docs/audiences.md, "Time"). Remove the setting for live data.
            weft:
              audiences:
                as-of: latest-event
            """;

    private DemoWorkspace() {
    }

    /**
     * Writes each demo folder the workspace lacks; returns the folders written. The demo's consent/ comes only with
     * its syncs/: it would refuse a team's own syncs, which declare no purpose of it.
     */
    public static List<String> install(Path root) {
        List<String> written = new ArrayList<>();
        boolean ownSyncs = Files.isDirectory(root.resolve("syncs"));
        for (String folder : FOLDERS) {
            if (Files.isDirectory(root.resolve(folder)) || (folder.equals("consent") && ownSyncs)) {
                continue;
            }
            for (String file : FILES) {
                if (file.startsWith(folder + "/")) {
                    copy(root, file);
                }
            }
            written.add(folder + "/");
        }
        return written;
    }

    /** Writes the demo's weft.yml into {@code root} unless it has one; returns whether it did. */
    public static boolean installConfig(Path root) {
        Path file = root.resolve("weft.yml");
        if (Files.exists(file)) {
            return false;
        }
        try {
            Files.writeString(file, WEFT_YML);
            return true;
        } catch (IOException e) {
            throw new WeftException("cannot write the demo's weft.yml into " + root + ": " + e.getMessage(), e);
        }
    }

    private static void copy(Path root, String file) {
        try (InputStream in = DemoWorkspace.class.getResourceAsStream("/demo/" + file)) {
            if (in == null) {
                throw new WeftException("the demo file " + file + " is missing from the build");
            }
            Path target = root.resolve(file);
            Files.createDirectories(target.getParent());
            Files.copy(in, target);
        } catch (IOException e) {
            throw new WeftException("cannot write the demo file " + file + " into " + root + ": " + e.getMessage(), e);
        }
    }
}
