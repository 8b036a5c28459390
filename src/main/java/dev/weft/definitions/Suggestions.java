package dev.weft.definitions;

import org.apache.commons.text.similarity.LevenshteinDistance;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean ...?": the known name nearest to a misspelled one, for messages about definitions. */
public final class Suggestions {

    private Suggestions() {
    }

    /**
     * The candidate nearest to {@code word} by edit distance, ignoring case, when it is near enough to be a
     * misspelling (one edit for a word of up to 3 letters, else at most a third of its letters and at least 2,
     * so a swap of two letters counts); ties go to the first in alphabetical order.
     */
    public static Optional<String> nearest(String word, Collection<String> candidates) {
        String w = word.toLowerCase(Locale.ROOT);
        LevenshteinDistance distance = new LevenshteinDistance(w.length() <= 3 ? 1 : Math.max(2, w.length() / 3));
        return candidates.stream()
                .filter(c -> distance.apply(w, c.toLowerCase(Locale.ROOT)) >= 0)
                .min(Comparator.<String>comparingInt(c -> distance.apply(w, c.toLowerCase(Locale.ROOT)))
                        .thenComparing(Comparator.naturalOrder()));
    }

    /** {@code "; did you mean `email`?"} when a candidate is near {@code word}, else the empty text. */
    public static String didYouMean(String word, Collection<String> candidates) {
        return nearest(word, candidates).map(c -> "; did you mean `" + c + "`?").orElse("");
    }
}
