package dev.weft.audiences;

import java.util.List;

/**
 * A named split of an audience's members into groups by percentage (for example a 10% holdout). A
 * profile's group comes from a hash of the audience ID and the profile ID, so it stays the same across
 * runs and whatever happens to other audiences.
 */
public record Split(String name, List<Group> groups) {

    public Split {
        groups = List.copyOf(groups);
    }

    public record Group(String name, int percent) {
    }
}
