package dev.weft.destinations.identifiers;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** US states and territories by name, for Meta's "2-character ANSI abbreviation code" rule for ST. */
final class UsStates {

    private static final Map<String, String> CODE_BY_LETTERS = new HashMap<>();

    static {
        String[][] states = {
            {"AL", "Alabama"}, {"AK", "Alaska"}, {"AZ", "Arizona"}, {"AR", "Arkansas"}, {"CA", "California"},
            {"CO", "Colorado"}, {"CT", "Connecticut"}, {"DE", "Delaware"}, {"FL", "Florida"}, {"GA", "Georgia"},
            {"HI", "Hawaii"}, {"ID", "Idaho"}, {"IL", "Illinois"}, {"IN", "Indiana"}, {"IA", "Iowa"},
            {"KS", "Kansas"}, {"KY", "Kentucky"}, {"LA", "Louisiana"}, {"ME", "Maine"}, {"MD", "Maryland"},
            {"MA", "Massachusetts"}, {"MI", "Michigan"}, {"MN", "Minnesota"}, {"MS", "Mississippi"},
            {"MO", "Missouri"}, {"MT", "Montana"}, {"NE", "Nebraska"}, {"NV", "Nevada"}, {"NH", "New Hampshire"},
            {"NJ", "New Jersey"}, {"NM", "New Mexico"}, {"NY", "New York"}, {"NC", "North Carolina"},
            {"ND", "North Dakota"}, {"OH", "Ohio"}, {"OK", "Oklahoma"}, {"OR", "Oregon"}, {"PA", "Pennsylvania"},
            {"RI", "Rhode Island"}, {"SC", "South Carolina"}, {"SD", "South Dakota"}, {"TN", "Tennessee"},
            {"TX", "Texas"}, {"UT", "Utah"}, {"VT", "Vermont"}, {"VA", "Virginia"}, {"WA", "Washington"},
            {"WV", "West Virginia"}, {"WI", "Wisconsin"}, {"WY", "Wyoming"}, {"DC", "District of Columbia"},
            {"PR", "Puerto Rico"}, {"GU", "Guam"}, {"VI", "US Virgin Islands"}, {"AS", "American Samoa"},
            {"MP", "Northern Mariana Islands"},
        };
        for (String[] state : states) {
            String code = state[0].toLowerCase(java.util.Locale.ROOT);
            CODE_BY_LETTERS.put(state[1].toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z]", ""), code);
        }
        CODE_BY_LETTERS.put("washingtondc", "dc");
    }

    private UsStates() {
    }

    /** The lower-case code for a state name already reduced to letters a-z ("newyork" gives "ny"). */
    static Optional<String> codeOf(String letters) {
        return Optional.ofNullable(CODE_BY_LETTERS.get(letters));
    }
}
