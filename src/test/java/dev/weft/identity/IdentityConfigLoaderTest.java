package dev.weft.identity;

import dev.weft.WeftException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdentityConfigLoaderTest {

    private static final String SOURCES = """
            sources:
              - name: events
                model: stg_events
                row_key: event_id
                timestamp: occurred_at
                identifiers: {anonymous_id: anonymous_id, user_id: user_id}
            """;

    @Test
    void readsTypesWithDefaultsAndBuiltInBlocklist() {
        IdentityConfig c = IdentityConfigLoader.parse(Map.of("identity-graph/a.yml", """
                identifier_types:
                  anonymous_id:
                  user_id:
                    limit: 1
                  email:
                    max_links: {user_id: 50}
                    blocklist: {values: [noreply@shop.com], patterns: ["@mailinator\\\\.com$"]}
                priority: [user_id, email]
                """ + SOURCES));
        assertThat(c.typesByPriority()).extracting(IdentityConfig.IdType::name).containsExactly("user_id", "email", "anonymous_id");
        IdentityConfig.IdType email = c.type("email").orElseThrow();
        assertThat(email.normalize()).extracting(IdentityConfig.NormalizeStep::kind).containsExactly("email");
        assertThat(email.blockedValues()).containsExactly("noreply@shop.com");
        assertThat(email.blockedPatterns()).containsExactly("@mailinator\\.com$");
        assertThat(email.junkRules()).containsExactly("placeholder_word", "placeholder_number", "placeholder_email", "repeated_character");
        assertThat(email.maxLinks()).containsEntry("user_id", 50);
        assertThat(c.type("user_id").orElseThrow().limit()).isEqualTo(1);
        assertThat(c.sources().get(0).table()).isEqualTo("stg_events");
        assertThat(c.sources().get(0).lookback()).isEqualTo(java.time.Duration.ZERO);
    }

    @Test
    void everyPairOfBuiltInTypesHasADefaultCapThatMaxLinksReplacesOrSwitchesOff() {
        IdentityConfig c = IdentityConfigLoader.parse(Map.of("identity-graph/a.yml", """
                identifier_types:
                  anonymous_id:
                    max_links: {user_id: 2, device_id: off}
                  device_id:
                  user_id:
                  loyalty_id:
                    max_links: {user_id: 3}
                """ + SOURCES));
        assertThat(c.type("anonymous_id").orElseThrow().maxLinks()).isEqualTo(Map.of("user_id", 2));
        assertThat(c.type("device_id").orElseThrow().maxLinks()).isEqualTo(Map.of("anonymous_id", 50, "user_id", 20));
        assertThat(c.type("user_id").orElseThrow().maxLinks()).isEqualTo(Map.of("device_id", 100));
        assertThat(c.type("loyalty_id").orElseThrow().maxLinks()).isEqualTo(Map.of("user_id", 3));
        assertError("""
                identifier_types:
                  anonymous_id:
                    max_links: {user_id: none}
                """ + SOURCES, "identity-graph/a.yml line 3: identifier_types.anonymous_id.max_links.user_id: expected a positive"
                + " whole number or off, got 'none'");
    }

    @Test
    void aSourceMayReadLateRowsAgain() {
        IdentityConfig c = IdentityConfigLoader.parse(Map.of("identity-graph/a.yml", withLookback("6h")));
        assertThat(c.sources().get(0).lookback()).isEqualTo(java.time.Duration.ofHours(6));
        assertError(withLookback("a while"),
                "identity-graph/a.yml line 7: sources[0].lookback: 'a while' is not an interval; write it like 6h or 3d");
    }

    private static String withLookback(String lookback) {
        return """
                identifier_types:
                  anonymous_id:
                sources:
                  - model: stg_events
                    row_key: event_id
                    timestamp: occurred_at
                    lookback: %s
                    identifiers: {anonymous_id: anonymous_id}
                """.formatted(lookback);
    }

    @Test
    void aTypeSwitchesBuiltInJunkRulesOffAndDefaultBlocklistFalseSwitchesThemAllOff() {
        IdentityConfig c = IdentityConfigLoader.parse(Map.of("identity-graph/a.yml", """
                identifier_types:
                  anonymous_id:
                    junk: {off: [placeholder_number, repeated_character]}
                  user_id:
                    junk: {off: all}
                    blocklist: {values: [guest]}
                """ + SOURCES));
        assertThat(c.type("anonymous_id").orElseThrow().junkRules()).containsExactly("placeholder_word", "placeholder_email");
        assertThat(c.type("user_id").orElseThrow().junkRules()).isEmpty();
        assertThat(c.type("user_id").orElseThrow().blockedValues()).containsExactly("guest");
        IdentityConfig none = IdentityConfigLoader.parse(Map.of("identity-graph/a.yml", """
                identifier_types:
                  anonymous_id:
                  user_id:
                default_blocklist: false
                """ + SOURCES));
        assertThat(none.types()).allSatisfy(t -> assertThat(t.junkRules()).isEmpty());
        assertError("""
                identifier_types:
                  anonymous_id:
                  user_id:
                    junk: {off: [placeholder_numbers]}
                """ + SOURCES, "identity-graph/a.yml line 4: identifier_types.user_id.junk.off[0]: 'placeholder_numbers' is not a built-in"
                + " junk rule [placeholder_word, placeholder_number, placeholder_email, repeated_character]");
        assertError("""
                identifier_types:
                  anonymous_id:
                  user_id:
                    junk: {on: [placeholder_word]}
                """ + SOURCES, "identity-graph/a.yml line 4: identifier_types.user_id.junk.on: unknown key; expected off");
    }

    @Test
    void errorsNameFileLineAndKey() {
        assertError("""
                identifier_types:
                  email:
                    normalise: email
                """ + SOURCES, "identity-graph/a.yml line 3: identifier_types.email.normalise: unknown key");
        assertError("""
                identifier_types:
                  anonymous_id:
                  user_id:
                    limit: many
                """ + SOURCES, "identity-graph/a.yml line 4: identifier_types.user_id.limit: expected a positive whole number, got 'many'");
        assertError("""
                identifier_types:
                  anonymous_id:
                  user_id:
                  email:
                    blocklist: {patterns: ["(unclosed"]}
                """ + SOURCES, "identity-graph/a.yml line 5: identifier_types.email.blocklist.patterns[0]: not a valid regular expression");
        assertError("""
                identifier_types:
                  anonymous_id:
                sources:
                  - model: stg_events
                    row_key: event_id
                    timestamp: occurred_at
                    identifiers: {anonymous_id: anonymous_id, cookie: c}
                """, "identity-graph/a.yml line 4: sources[0].identifiers.cookie: not a configured identifier type");
        assertError("""
                identifier_types:
                  anonymous_id:
                sources:
                  - model: stg_events
                    timestamp: occurred_at
                    identifiers: {anonymous_id: anonymous_id}
                """, "identity-graph/a.yml line 4: sources[0].row_key: missing");
        assertError("""
                identifier_types:
                  Email-Address:
                """ + SOURCES, "identity-graph/a.yml line 2: identifier_types.Email-Address: type names are lower-case");
    }

    private static void assertError(String yaml, String message) {
        assertThatThrownBy(() -> IdentityConfigLoader.parse(Map.of("identity-graph/a.yml", yaml)))
                .isInstanceOf(WeftException.class).hasMessageContaining(message);
    }
}
