package dev.weft.audiences;

import dev.weft.WeftException;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AsOfTest {

    @Test
    void parsesTheLatestEventInBothSpellingsAndInstants() {
        assertThat(AsOf.parse("latest_event", "/as_of")).isEqualTo(AsOf.LATEST_EVENT);
        assertThat(AsOf.parse("latest-event", "/as_of")).isEqualTo(AsOf.LATEST_EVENT);
        assertThat(AsOf.parse("2026-01-05T23:00:43Z", "/as_of")).isEqualTo(AsOf.at(Instant.parse("2026-01-05T23:00:43Z")));
    }

    @Test
    void anythingElseIsAProblemAtWhereItWasGiven() {
        assertThatThrownBy(() -> AsOf.parse("last week", "--as-of"))
                .isInstanceOfSatisfying(InvalidAudienceException.class, e -> assertThat(e.problems()).singleElement().satisfies(p -> {
                    assertThat(p.path()).isEqualTo("--as-of");
                    assertThat(p.problem()).contains("'last week' is neither latest_event nor an ISO-8601 instant");
                }));
    }

    @Test
    void theWorkspaceSettingDefaultsToTheClockAndABadOneNamesTheSetting() {
        assertThat(new AudiencesConfig(null, null, null, null).defaultAsOf()).isEqualTo(AsOf.CLOCK);
        assertThat(new AudiencesConfig(null, null, "latest-event", null).defaultAsOf()).isEqualTo(AsOf.LATEST_EVENT);
        assertThat(new AudiencesConfig(null, null, "2026-01-01T00:00:00Z", null).defaultAsOf().instant())
                .isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThatThrownBy(() -> new AudiencesConfig(null, null, "tomorrow", null).defaultAsOf())
                .isInstanceOf(WeftException.class).hasMessageContaining("weft.audiences.as-of").hasMessageContaining("'tomorrow'");
    }
}
