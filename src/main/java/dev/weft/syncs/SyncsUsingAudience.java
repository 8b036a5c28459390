package dev.weft.syncs;

import dev.weft.audiences.AudienceUsage;
import jakarta.inject.Singleton;

import java.util.List;

/** Tells the audiences feature which syncs read an audience or a priority list, so deleting one in use is refused (409). */
@Singleton
public class SyncsUsingAudience implements AudienceUsage {

    private final SyncDefinitions definitions;

    public SyncsUsingAudience(SyncDefinitions definitions) {
        this.definitions = definitions;
    }

    @Override
    public List<String> syncsUsing(String audienceId) {
        return definitions.list().stream()
                .filter(d -> audienceId.equals(d.source().audience()))
                .map(SyncDefinition::id)
                .toList();
    }

    @Override
    public List<String> syncsUsingPriorityList(String priorityListId) {
        return definitions.list().stream()
                .filter(d -> priorityListId.equals(d.source().priorityList()))
                .map(SyncDefinition::id)
                .toList();
    }
}
