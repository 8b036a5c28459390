package dev.weft.consent;

import dev.weft.WeftException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsentConfigLoaderTest {

    @Test
    void readsPurposesSourcesAndLists() {
        ConsentConfig c = ConsentConfigLoader.parse(Map.of("consent/consent.yml", """
                purposes: {email_marketing: opt_in, ads_targeting: opt_out}
                sources:
                  - {name: prefs, model: stg_consent, identifiers: {email: email}, purpose: purpose, status: status, timestamp: at}
                suppression:
                  - {name: employees, table: staff, identifiers: {email: email}}
                  - {name: rivals, table: rivals, domains: domain, syncs: [ads], destinations: [meta_ads]}
                """));
        assertThat(c.policy("email_marketing")).contains(ConsentConfig.Policy.OPT_IN);
        assertThat(c.policy("ads_targeting")).contains(ConsentConfig.Policy.OPT_OUT);
        assertThat(c.sources()).singleElement().satisfies(s -> {
            assertThat(s.table()).isEqualTo("stg_consent");
            assertThat(s.identifiers()).containsExactly(Map.entry("email", "email"));
        });
        assertThat(c.suppression().get(0).global()).isTrue();
        ConsentConfig.SuppressionList rivals = c.suppression().get(1);
        assertThat(rivals.appliesTo("ads", "file")).isTrue();
        assertThat(rivals.appliesTo("other", "meta_ads")).isTrue();
        assertThat(rivals.appliesTo("other", "file")).isFalse();
    }

    @Test
    void reportsEveryProblemWithItsFileAndLine() {
        assertThatThrownBy(() -> ConsentConfigLoader.parse(Map.of("consent/consent.yml", """
                purposes:
                  email_marketing: always
                sources:
                  - name: prefs
                    model: stg_consent
                    purpose: purpose
                    status: status
                    timestamp: at
                suppression:
                  - {name: prefs, table: staff, identifiers: {email: email}, colour: red}
                """))).isInstanceOf(WeftException.class)
                .hasMessageContaining("consent/consent.yml line 2: /purposes/email_marketing: must be opt_in (withheld until granted)"
                        + " or opt_out (sent unless revoked), got 'always'")
                .hasMessageContaining("consent/consent.yml line 4: /sources/0/identifiers: is required")
                .hasMessageContaining("line 10: /suppression/0/name: 'prefs' is already a source or list")
                .hasMessageContaining("line 10: /suppression/0/colour: unknown key");
    }

    @Test
    void noFolderMeansNoConsent(@TempDir Path dir) throws Exception {
        assertThat(ConsentConfigLoader.load(dir.resolve("consent"))).isEqualTo(ConsentConfig.NONE);
        Files.createDirectories(dir.resolve("consent"));
        assertThat(ConsentConfigLoader.load(dir.resolve("consent")).isEmpty()).isTrue();
    }
}
