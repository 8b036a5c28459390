package dev.weft.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.function.Function;

/**
 * Every list the API answers: a page of {@code items} and the cursor of the next page ({@code next}, null
 * on the last page), to pass back as {@code ?after=}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Page<T>(List<T> items,
                      @Nullable @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED,
                              description = "the cursor of the next page (pass it as ?after=), null on the last page")
                      String next) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    /** A limit asked for as a query parameter, held between 1 and {@link #MAX_LIMIT}. */
    public static int limit(@Nullable Integer asked) {
        return asked == null ? DEFAULT_LIMIT : Math.max(1, Math.min(asked, MAX_LIMIT));
    }

    /**
     * The page of an ordered list held in memory that follows the item whose cursor is {@code after} (the
     * first page when it is null); a cursor that names no item is a 400, never the first page again.
     */
    public static <T> Page<T> of(List<T> all, Function<T, String> cursor, @Nullable String after, @Nullable Integer limit) {
        int size = limit(limit);
        int from = 0;
        if (after != null) {
            from = -1;
            for (int i = 0; i < all.size() && from < 0; i++) {
                if (cursor.apply(all.get(i)).equals(after)) {
                    from = i + 1;
                }
            }
            if (from < 0) {
                throw unknownCursor(after);
            }
        }
        int to = Math.min(all.size(), from + size);
        List<T> items = List.copyOf(all.subList(from, to));
        return new Page<>(items, to < all.size() && !items.isEmpty() ? cursor.apply(items.get(items.size() - 1)) : null);
    }

    /** An {@code ?after=} that names no item of the list: a stale or made-up cursor. */
    public static ApiException unknownCursor(String after) {
        return new ApiException(HttpStatus.BAD_REQUEST, "invalid_parameter", "parameter 'after' names no item of this list",
                List.of(new ApiException.Detail("after", "'" + after + "' is not a cursor this list gave")));
    }

    /** A page read from a store with one more item asked for than shown: that extra item means a next page. */
    public static <T> Page<T> ofFetched(List<T> fetched, int size, Function<T, String> cursor) {
        if (fetched.size() <= size) {
            return new Page<>(List.copyOf(fetched), null);
        }
        List<T> items = List.copyOf(fetched.subList(0, size));
        return new Page<>(items, cursor.apply(items.get(size - 1)));
    }
}
