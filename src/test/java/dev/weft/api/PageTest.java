package dev.weft.api;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PageTest {

    private static final List<String> LETTERS = List.of("a", "b", "c", "d", "e");

    @Test
    void walksAListPageByPageWithTheCursorItGives() {
        Page<String> first = Page.of(LETTERS, Function.identity(), null, 2);
        assertThat(first.items()).containsExactly("a", "b");
        assertThat(first.next()).isEqualTo("b");
        Page<String> second = Page.of(LETTERS, Function.identity(), first.next(), 2);
        assertThat(second.items()).containsExactly("c", "d");
        Page<String> last = Page.of(LETTERS, Function.identity(), second.next(), 2);
        assertThat(last.items()).containsExactly("e");
        assertThat(last.next()).isNull();
    }

    @Test
    void aFullLastPageHasNoNext() {
        assertThat(Page.of(LETTERS, Function.identity(), null, 5).next()).isNull();
        assertThat(Page.of(List.<String>of(), Function.identity(), null, 5).next()).isNull();
    }

    @Test
    void aCursorThatNamesNoItemIsA400NotTheFirstPageAgain() {
        assertThatThrownBy(() -> Page.of(LETTERS, Function.identity(), "z", 2))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo("invalid_parameter");
                    assertThat(e.details().get(0).path()).isEqualTo("after");
                });
    }

    @Test
    void limitsAreHeldBetweenOneAndTheMaximum() {
        assertThat(Page.limit(null)).isEqualTo(Page.DEFAULT_LIMIT);
        assertThat(Page.limit(0)).isEqualTo(1);
        assertThat(Page.limit(1_000_000)).isEqualTo(Page.MAX_LIMIT);
    }

    @Test
    void aFetchedPageWithOneItemMoreHasANextAtItsLastShownItem() {
        Page<String> page = Page.ofFetched(List.of("a", "b", "c"), 2, Function.identity());
        assertThat(page.items()).containsExactly("a", "b");
        assertThat(page.next()).isEqualTo("b");
        assertThat(Page.ofFetched(List.of("a", "b"), 2, Function.identity()).next()).isNull();
    }
}
