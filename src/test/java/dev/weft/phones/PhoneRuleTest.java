package dev.weft.phones;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The phone rule in Java (what destinations apply) against the shared vectors, and the countries it reads. */
class PhoneRuleTest {

    @Test
    void javaFollowsTheSharedVectors() {
        assertThat(PhoneVectors.all()).hasSizeGreaterThan(20).allSatisfy(v ->
                assertThat(PhoneRule.e164(v.input(), v.country())).as("%s [%s]: %s", v.input(), v.defaultCountry(), v.why())
                        .isEqualTo(v.e164()));
    }

    @Test
    void everyCountrysPatternUsesOnlyWhatEveryEngineUnderstands() {
        Pattern portable = Pattern.compile("[0-9\\[\\]()|{},?*+-]+");
        for (String region : PhoneNumberUtil.getInstance().getSupportedRegions()) {
            PhoneCountry country = PhoneCountry.ofRegion(region).orElseThrow();
            assertThat(country.nationalPattern()).as(region).matches(portable);
            assertThat(country.callingCode()).as(region).matches("[1-9][0-9]{0,2}");
            Pattern.compile(country.nationalPattern());
        }
    }

    @Test
    void countriesByCodeOrCallingCode() {
        assertThat(PhoneCountry.ofRegion(" gb ")).hasValueSatisfying(c -> {
            assertThat(c.callingCode()).isEqualTo("44");
            assertThat(c.trunkPrefix()).isEqualTo("0");
        });
        assertThat(PhoneCountry.ofRegion("IT")).hasValueSatisfying(c -> assertThat(c.trunkPrefix()).isNull());
        assertThat(PhoneCountry.ofCallingCode("1")).hasValueSatisfying(c -> {
            assertThat(c.region()).isEqualTo("US");
            assertThat(c.trunkPrefix()).isEqualTo("1");
        });
        assertThat(PhoneCountry.ofRegion("XX")).isEmpty();
        assertThat(PhoneCountry.ofCallingCode("999")).isEmpty();
        assertThat(PhoneCountry.ofCallingCode("+44")).isEmpty();
    }
}
