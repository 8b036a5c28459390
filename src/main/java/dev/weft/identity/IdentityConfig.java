package dev.weft.identity;

import dev.weft.phones.PhoneCountry;
import dev.weft.warehouse.BoundSql;
import dev.weft.warehouse.Dialect;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The identity graph as configured in {@code identity-graph/*.yml}: identifier types (normalization,
 * blocklist, per-profile limit, hub caps), the sources whose rows link identifiers, and the priority
 * of types (which identifier of a profile is its primary one, which links a limit keeps first).
 */
public record IdentityConfig(List<IdType> types, List<EdgeSource> sources, List<String> priority) {

    /**
     * One identifier type. {@code limit} 0 means unlimited; {@code maxLinks} maps a neighbour type to the cap.
     * {@code junkRules}: the built-in junk rules it applies (labels of {@link JunkRule}); {@code blockedValues}
     * and {@code blockedPatterns}: its own blocklist.
     */
    public record IdType(String name, List<NormalizeStep> normalize, List<String> junkRules, List<String> blockedValues,
                         List<String> blockedPatterns, int limit, Map<String, Integer> maxLinks) {
    }

    /** A normalization step: {@code lower}, {@code upper}, {@code trim}, {@code email}, {@code phone}, {@code regex_replace}. */
    public record NormalizeStep(String kind, String pattern, String replacement, PhoneCountry defaultCountry) {
    }

    /**
     * A table or model whose rows carry identifiers in columns; each row with two or more links them.
     * {@code lookback}: how far before its watermark an incremental run reads again, for rows that arrive
     * late (zero: only newer rows).
     */
    public record EdgeSource(String name, String table, String rowKey, String timestamp, Map<String, String> identifiers,
                             java.time.Duration lookback) {
    }

    public Optional<IdType> type(String name) {
        return types.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /**
     * {@code rawExpr} normalized as identity normalizes identifiers of the type (so values read elsewhere, like
     * consent events, match the graph's); NULL when nothing is left.
     */
    public BoundSql normalize(Dialect dialect, IdType type, String rawExpr) {
        return new IdentifierSql(dialect).normalize(type, rawExpr);
    }

    /** Types in priority order (configured priority first, then the rest by name). */
    public List<IdType> typesByPriority() {
        return types.stream().sorted(java.util.Comparator.comparingInt(this::rank).thenComparing(IdType::name)).toList();
    }

    int rank(IdType type) {
        int i = priority.indexOf(type.name());
        return i < 0 ? Integer.MAX_VALUE : i;
    }
}
