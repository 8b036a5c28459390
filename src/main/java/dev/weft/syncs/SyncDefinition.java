package dev.weft.syncs;

import dev.weft.destinations.SyncMode;

import java.util.List;
import java.util.Map;

/**
 * One sync: what to read (an audience's members with their traits, or a model), where to send it
 * (a destination type and a named connection), how (mode, record key, field mapping) and when.
 * Built only by {@link SyncDefinitionParser}, so every instance is valid.
 *
 * @param alerts the sync's own alert rules, over the defaults of {@code weft.yml} ({@link AlertRule#effective})
 * @param purpose what the records are sent for ({@code email_marketing}, ...), checked against consent; null when not given
 * @param onConsentLost what an upsert or update sync sends once for a member it sent before who loses consent; null when not given
 * @param origin {@code git} for {@code syncs/*.yml} (read-only through REST) or {@code api}
 */
public record SyncDefinition(String id, Source source, Target destination, SyncMode mode, String key,
                             List<FieldMapping> mapping, Schedule schedule, List<AlertRule> alerts, String purpose,
                             ConsentLost onConsentLost, String origin) {

    public SyncDefinition {
        mapping = List.copyOf(mapping);
        alerts = List.copyOf(alerts);
    }

    /**
     * The rows a sync reads: an audience's members joined to the traits model, or any model/table.
     * Exactly one of {@code audience} and {@code model} is set; {@code priorityList}, with an audience, reads
     * only the members the priority list leaves in that audience. A model's {@code identifiers} (identifier type,
     * or {@code profile_id}, to column) say whose each row is, for consent and suppression.
     */
    public record Source(String audience, String splitGroup, String priorityList, String traits, String model,
                         Map<String, String> identifiers) {

        public Source {
            identifiers = Map.copyOf(identifiers);
        }

        public boolean isAudience() {
            return audience != null;
        }
    }

    /** The destination type, the named connection, and the destination's own options (list-id, object). */
    public record Target(String type, String connection, Map<String, String> options) {

        public Target {
            options = Map.copyOf(options);
        }
    }

    /** A destination field filled from a source column (through transforms) or with a constant. */
    public record FieldMapping(String from, String constant, String to, List<Transform> transforms) {

        public FieldMapping {
            transforms = List.copyOf(transforms);
        }
    }

    /**
     * The update sent once, on the next run, for a member sent before whose consent for the sync's purpose is
     * revoked or gone: these {@code fields} (destination field to a JSON scalar), with the fields mapped from the
     * sync's key as last sent, so the destination finds the record (docs/consent.md).
     */
    public record ConsentLost(Map<String, Object> fields) {

        public ConsentLost {
            // In the order written: the update's payload, and so its hash, must not depend on a map's iteration order.
            fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
        }
    }

    /** When a sync runs: one of cron, every (an interval), after models run, or manual only. */
    public record Schedule(Kind kind, String cron, java.time.Duration every, MissedPolicy missed) {

        public enum Kind { MANUAL, CRON, INTERVAL, AFTER_MODELS }

        public static Schedule manual() {
            return new Schedule(Kind.MANUAL, null, null, MissedPolicy.RUN_ONCE);
        }
    }

    /** What the scheduler does for runs missed while no replica was up: run once now, or skip to the next. */
    public enum MissedPolicy { RUN_ONCE, SKIP }
}
