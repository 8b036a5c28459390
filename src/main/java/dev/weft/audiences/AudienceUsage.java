package dev.weft.audiences;

import java.util.List;

/**
 * Who uses an audience or a priority list, so that deleting one in use is refused. The syncs feature implements it (its
 * sync definitions live in its own store tables and syncs/*.yml); every implementation is asked.
 */
public interface AudienceUsage {

    /** Names of the syncs whose source is this audience; empty when none. */
    List<String> syncsUsing(String audienceId);

    /** Names of the syncs that read through this priority list; empty when none. */
    List<String> syncsUsingPriorityList(String priorityListId);
}
