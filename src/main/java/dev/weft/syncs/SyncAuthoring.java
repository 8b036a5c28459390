package dev.weft.syncs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.definitions.Problem;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.List;

/**
 * Makes and changes the syncs kept in the store (made through the API or the web app), in one sequence
 * whoever asks: the definition parsed, its id checked, its connection, source and mapping validated, the
 * definition stored, and its next run set from its schedule. Callers map the domain errors to their answers.
 */
@Singleton
public class SyncAuthoring {

    private final SyncDefinitions definitions;
    private final SyncValidator validator;
    private final SyncScheduler scheduler;

    public SyncAuthoring(SyncDefinitions definitions, SyncValidator validator, SyncScheduler scheduler) {
        this.definitions = definitions;
        this.validator = validator;
        this.scheduler = scheduler;
    }

    /**
     * Creates a sync from its definition ({@code where} names it in messages).
     *
     * @throws InvalidSyncException        the definition, its connection or its mapping is wrong (problems at JSON Pointers)
     * @throws AlreadyExistsException      a sync with its id exists (in git or in the store)
     * @throws SyncSourceNotReadyException its source is not in the warehouse yet
     */
    public SyncDefinition create(JsonNode definition, String where) {
        SyncDefinition sync = SyncDefinitionParser.parse(definition, null, "api", where);
        if (definitions.find(sync.id()).isPresent()) {
            throw new AlreadyExistsException("a sync '" + sync.id() + "' exists"
                    + (definitions.isInGit(sync.id()) ? " in git (syncs/" + sync.id() + ".yml)" : ""));
        }
        validator.validate(sync);
        definitions.create(sync);
        scheduler.rescheduled(sync, Instant.now());
        return sync;
    }

    /**
     * Replaces a stored sync's definition; its next run follows the new schedule from now.
     *
     * @throws ReadOnlySyncException       the sync is defined in git
     * @throws SyncNotFoundException       no sync with this id is stored
     * @throws InvalidSyncException        as for {@link #create}, and when the definition names another id
     * @throws SyncSourceNotReadyException as for {@link #create}
     */
    public SyncDefinition replace(String id, JsonNode definition, String where) {
        refuseGit(id);
        if (!definitions.existsInStore(id)) {
            throw new SyncNotFoundException("no sync '" + id + "'");
        }
        SyncDefinition sync = SyncDefinitionParser.parse(definition, id, "api", where);
        if (!sync.id().equals(id)) {
            throw new InvalidSyncException(where, List.of(new Problem("/id", "must be '" + id + "' (or left out)")));
        }
        validator.validate(sync);
        definitions.save(sync);
        scheduler.rescheduled(sync, Instant.now());
        return sync;
    }

    /** @throws ReadOnlySyncException when the sync is defined in git: it changes there, not here */
    public void refuseGit(String id) {
        if (definitions.isInGit(id)) {
            throw new ReadOnlySyncException("sync '" + id + "' is defined in git (syncs/" + id + ".yml): change it there");
        }
    }
}
