package dev.weft.identity;

import dev.weft.phones.PhoneRule;
import dev.weft.phones.PhoneVectors;
import dev.weft.warehouse.Warehouse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Identity reads phones by the shared rule: every vector normalized in the warehouse as identity normalizes a
 * {@code phone}, with the vector's default country set in {@code identity-graph/}. Identity always has a default
 * country (US unless set), so vectors of national numbers without one do not apply.
 */
abstract class IdentityPhoneContract {

    protected Warehouse wh;

    protected abstract Warehouse openEmptyWarehouse();

    @BeforeEach
    void open() {
        wh = openEmptyWarehouse();
    }

    @AfterEach
    void close() {
        wh.close();
    }

    @Test
    void phonesFollowTheSharedVectors() {
        IdentityGraphInspector inspector = new IdentityGraphInspector(wh, IdentityTables.LIVE);
        int checked = 0;
        for (PhoneVectors v : PhoneVectors.all()) {
            if (v.defaultCountry() == null && !PhoneRule.writtenInternationally(v.input())) {
                continue;
            }
            IdentityConfig config = IdentityConfigLoader.parse(Map.of("identity.yml", """
                    identifier_types:
                      email:
                      phone:
                    %s
                    sources:
                      - name: contacts
                        table: raw_contacts
                        row_key: contact_id
                        timestamp: updated_at
                        identifiers: {email: email, phone: phone}
                    """.formatted(v.defaultCountry() == null ? "" : "    default_country: " + v.defaultCountry())));
            assertThat(inspector.normalize(config, "phone", v.input())).as("%s [%s]: %s", v.input(), v.defaultCountry(), v.why())
                    .isEqualTo(v.e164());
            checked++;
        }
        assertThat(checked).isGreaterThan(20);
    }

    @Test
    void legacyCallingCodeStillReadsNationalNumbers() {
        IdentityConfig config = IdentityConfigLoader.parse(Map.of("identity.yml", """
                identifier_types:
                  email:
                  phone:
                    default_country_code: "44"
                sources:
                  - name: contacts
                    table: raw_contacts
                    row_key: contact_id
                    timestamp: updated_at
                    identifiers: {phone: phone, email: email}
                """));
        assertThat(new IdentityGraphInspector(wh, IdentityTables.LIVE).normalize(config, "phone", "07400 123456"))
                .isEqualTo("+447400123456");
    }
}
