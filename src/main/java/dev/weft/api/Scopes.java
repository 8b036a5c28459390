package dev.weft.api;

import dev.weft.WeftException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The token scopes Weft knows. {@code admin} implies every other scope. */
public final class Scopes {

    public static final String ADMIN = "admin";

    /** In the order they are documented: read before write, per feature. */
    public static final List<String> KNOWN = List.of(
            "models:read", "models:write",
            "identity:read", "identity:write",
            "audiences:read", "audiences:write",
            "syncs:read", "syncs:write",
            "connections:read", "connections:write",
            "pipeline:read", "pipeline:write",
            ADMIN);

    private Scopes() {
    }

    /**
     * Parses a comma-separated list (blanks around names ignored), rejecting unknown names with a message
     * that lists the known ones.
     */
    public static Set<String> parse(String commaSeparated) {
        return validate(List.of(commaSeparated.split(",")));
    }

    public static Set<String> validate(Collection<String> names) {
        Set<String> scopes = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String raw : names) {
            String name = raw.trim();
            if (name.isEmpty()) {
                continue;
            }
            if (KNOWN.contains(name)) {
                scopes.add(name);
            } else {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new WeftException("unknown scope" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
                    + "; known scopes: " + String.join(" ", KNOWN));
        }
        if (scopes.isEmpty()) {
            throw new WeftException("a token needs at least one scope; known scopes: " + String.join(" ", KNOWN));
        }
        return scopes;
    }

    /** Whether a token holding {@code granted} may use a route that requires {@code required}. */
    public static boolean allows(Set<String> granted, String required) {
        return granted.contains(required) || granted.contains(ADMIN);
    }
}
