package dev.weft.destinations;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DestinationFieldTest {

    private static DestinationField field(String name) {
        return new DestinationField(name, "string", false, false);
    }

    @Test
    void aPlainNameMatchesOnlyItself() {
        assertThat(field("email").matches("email")).isTrue();
        assertThat(field("email").matches("Email")).isFalse();
        assertThat(field("email").matches("email2")).isFalse();
    }

    @Test
    void aStarAdmitsAnyCustomField() {
        assertThat(field("*").matches("favourite_colour")).isTrue();
        assertThat(field("*").matches("")).isTrue();
    }

    @Test
    void aSuffixPatternAdmitsOnlyNamesWithTheSuffix() {
        assertThat(field("*__c").matches("Region__c")).isTrue();
        assertThat(field("*__c").matches("Region")).isFalse();
        assertThat(field("*__c").matches("Region__cx")).isFalse();
    }

    @Test
    void patternCharactersOtherThanStarAreLiteral() {
        assertThat(field("a.b*").matches("a.bc")).isTrue();
        assertThat(field("a.b*").matches("axbc")).isFalse();
        assertThat(field("pre*post").matches("pre-middle-post")).isTrue();
    }
}
