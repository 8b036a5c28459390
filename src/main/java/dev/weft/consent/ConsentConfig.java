package dev.weft.consent;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The workspace's {@code consent/*.yml}: the purposes syncs declare (each with what an absence of consent
 * means), the tables that record consent events, and the suppression lists. Built by {@link ConsentConfigLoader}.
 *
 * @param files the files it was read from (for messages)
 */
public record ConsentConfig(Map<String, Policy> purposes, List<Source> sources, List<SuppressionList> suppression,
                            List<String> files) {

    /** A workspace without a {@code consent/} folder: nothing is withheld. */
    public static final ConsentConfig NONE = new ConsentConfig(Map.of(), List.of(), List.of(), List.of());

    /** The key of {@code identifiers} that names a column of profile ids rather than an identifier type. */
    public static final String PROFILE_ID = "profile_id";

    public ConsentConfig {
        purposes = Map.copyOf(purposes);
        sources = List.copyOf(sources);
        suppression = List.copyOf(suppression);
        files = List.copyOf(files);
    }

    /** What a profile with no consent event for a purpose gets. */
    public enum Policy {
        /** Withheld until granted. */
        OPT_IN,
        /** Sent unless revoked. */
        OPT_OUT
    }

    /**
     * A table of consent events: one row per identifier (or profile), purpose, status ({@code granted}; anything
     * else counts as revoked) and time.
     *
     * @param identifiers identifier type (or {@link #PROFILE_ID}) to the column holding it
     */
    public record Source(String name, String table, Map<String, String> identifiers, String purpose, String status,
                         String timestamp) {

        public Source {
            identifiers = Map.copyOf(identifiers);
        }
    }

    /**
     * A suppression list: a table of identifiers (and/or email domains) never sent. Global unless it names
     * syncs or destination types.
     *
     * @param domains the column of email domains ({@code competitor.com} or {@code @competitor.com}), or null
     */
    public record SuppressionList(String name, String table, Map<String, String> identifiers, String domains,
                                  List<String> syncs, List<String> destinations) {

        public SuppressionList {
            identifiers = Map.copyOf(identifiers);
            syncs = List.copyOf(syncs);
            destinations = List.copyOf(destinations);
        }

        public boolean global() {
            return syncs.isEmpty() && destinations.isEmpty();
        }

        /** Whether the list applies to a sync with this id sending to this destination type. */
        public boolean appliesTo(String syncId, String destinationType) {
            return global() || syncs.contains(syncId) || destinations.contains(destinationType);
        }
    }

    public boolean isEmpty() {
        return purposes.isEmpty() && sources.isEmpty() && suppression.isEmpty();
    }

    public Optional<Policy> policy(String purpose) {
        return Optional.ofNullable(purposes.get(purpose));
    }
}
