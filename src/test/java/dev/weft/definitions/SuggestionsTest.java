package dev.weft.definitions;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SuggestionsTest {

    private static final List<String> COLUMNS = List.of("email", "country", "contact_id", "lifetime_value", "id");

    @Test
    void aMisspellingGetsTheNearestNameAndAStrangerNone() {
        assertThat(Suggestions.didYouMean("emial", COLUMNS)).isEqualTo("; did you mean `email`?");
        assertThat(Suggestions.nearest("Contry", COLUMNS)).hasValue("country");
        assertThat(Suggestions.nearest("lifetime_valeu", COLUMNS)).hasValue("lifetime_value");
        assertThat(Suggestions.nearest("idd", COLUMNS)).hasValue("id");
        assertThat(Suggestions.nearest("shoe_size", COLUMNS)).isEmpty();
        assertThat(Suggestions.didYouMean("zz", COLUMNS)).isEmpty();
        assertThat(Suggestions.nearest("email", List.of())).isEmpty();
    }
}
