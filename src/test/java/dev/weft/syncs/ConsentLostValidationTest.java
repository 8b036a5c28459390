package dev.weft.syncs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.weft.definitions.Problem;
import dev.weft.destinations.BatchResult;
import dev.weft.destinations.Capabilities;
import dev.weft.destinations.ConnectionCheck;
import dev.weft.destinations.ConnectionField;
import dev.weft.destinations.Destination;
import dev.weft.destinations.DestinationConnection;
import dev.weft.destinations.DestinationField;
import dev.weft.destinations.DestinationProvider;
import dev.weft.destinations.RateLimit;
import dev.weft.destinations.SyncMode;
import dev.weft.testing.TestDuckDb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code on_consent_lost} against a destination with a field catalogue that names the field it finds records by:
 * the update's fields must be the destination's, and the key must be mapped to that field, or the update could
 * reach no record.
 */
class ConsentLostValidationTest {

    @TempDir
    Path dir;
    private SyncHarness h;

    /** A CRM that finds contacts by email. */
    static final class Crm implements DestinationProvider, Destination {
        @Override
        public String type() {
            return "crm";
        }

        @Override
        public List<ConnectionField> connectionFields() {
            return List.of();
        }

        @Override
        public Destination open(DestinationConnection connection, Map<String, String> options) {
            return this;
        }

        @Override
        public Capabilities capabilities() {
            return new Capabilities(Set.of(SyncMode.UPSERT, SyncMode.UPDATE), Set.of("email"), 100, RateLimit.perSecond(10), false, false,
                    List.of(new DestinationField("email", "email", true, false), new DestinationField("first_name", "string", false, false),
                            new DestinationField("email_opt_in", "boolean", false, false)));
        }

        @Override
        public BatchResult send(dev.weft.destinations.Batch batch) {
            throw new UnsupportedOperationException("validation only");
        }

        @Override
        public ConnectionCheck test() {
            throw new UnsupportedOperationException("validation only");
        }
    }

    @BeforeEach
    void setUp() {
        h = new SyncHarness(dir, TestDuckDb.config("local", dir), null, List.of(new Crm()));
        h.connections.create("crm1", "crm", Map.of(), Map.of());
        h.warehouse().execute("CREATE TABLE people AS SELECT 'p1' AS id, 'a@x.com' AS email, 'Ann' AS first_name");
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    private static SyncDefinition sync(String key, String onConsentLost) throws Exception {
        return SyncDefinitionParser.parse(new ObjectMapper(new YAMLFactory()).readTree("""
                source: {model: people}
                destination: {type: crm, connection: crm1}
                key: %s
                mapping:
                  - {from: email, to: email}
                  - {from: first_name, to: first_name}
                on_consent_lost: {fields: %s}
                """.formatted(key, onConsentLost)), "contacts", "api", "request body");
    }

    private SyncValidator validator() {
        return new SyncValidator(h.connections, h.types, h.warehouses, () -> {
            throw new IllegalStateException("no priority list here");
        });
    }

    @Test
    void theUpdateMustCarryTheFieldTheDestinationFindsRecordsByAndOnlyItsFields() throws Exception {
        assertThatCode(() -> validator().validate(sync("email", "{email_opt_in: false}"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> validator().validate(sync("id", "{email_opt_in: false}")))
                .isInstanceOfSatisfying(InvalidSyncException.class, e -> org.assertj.core.api.Assertions.assertThat(e.problems())
                        .containsExactly(new Problem("/on_consent_lost", "crm finds a record by one of [email]: make the sync's key ('id')"
                                + " the column mapped to one of them, so the update sent when consent is lost carries it")));
        assertThatThrownBy(() -> validator().validate(sync("email", "{email_opt_in: false, shoe_size: 42}")))
                .isInstanceOfSatisfying(InvalidSyncException.class, e -> org.assertj.core.api.Assertions.assertThat(e.problems())
                        .containsExactly(new Problem("/on_consent_lost/fields/shoe_size",
                                "crm has no field 'shoe_size' (fields: [email, email_opt_in, first_name])")));
    }
}
