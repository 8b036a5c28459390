package dev.weft.syncs;

import dev.weft.WeftException;
import dev.weft.audiences.AudienceException;
import dev.weft.audiences.PriorityList;
import dev.weft.audiences.PriorityListNotFoundException;
import dev.weft.audiences.PriorityLists;
import dev.weft.definitions.JsonPointers;
import dev.weft.definitions.Problem;
import dev.weft.destinations.Capabilities;
import dev.weft.destinations.Destination;
import dev.weft.destinations.DestinationField;
import dev.weft.destinations.DestinationProvider;
import dev.weft.warehouse.Warehouses;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks a sync against its destination: the type exists, the connection exists and is of that type,
 * the destination supports the mode, and (for destinations with a field catalogue) every mapped field
 * is one it accepts and every required field is mapped; and against its source: every column it names
 * (key, mapping) is one the source has in the primary warehouse. Problems point at the offending field.
 */
@Singleton
public class SyncValidator {

    private final Connections connections;
    private final DestinationTypes types;
    private final Warehouses warehouses;
    private final Provider<PriorityLists> priorityLists;

    /** {@code priorityLists} is asked only about a sync that reads through one. */
    public SyncValidator(Connections connections, DestinationTypes types, Warehouses warehouses, Provider<PriorityLists> priorityLists) {
        this.connections = connections;
        this.types = types;
        this.warehouses = warehouses;
        this.priorityLists = priorityLists;
    }

    /**
     * Every problem of the destination and of the source columns at once, as an {@link InvalidSyncException};
     * a source not in the warehouse yet (and nothing else wrong) is a {@link SyncSourceNotReadyException}.
     */
    public void validate(SyncDefinition sync) {
        String where = "sync '" + sync.id() + "'";
        List<Problem> problems = new ArrayList<>(destinationProblems(sync));
        priorityListProblem(sync).ifPresent(problems::add);
        SourceColumns.Check source = SourceColumns.check(warehouses.primary(), sync);
        problems.addAll(source.problems());
        if (!problems.isEmpty()) {
            throw new InvalidSyncException(where, problems);
        }
        if (source.missing() != null) {
            throw new SyncSourceNotReadyException(where, source.missing());
        }
    }

    /** A sync reading through a priority list: the list must exist and rank the sync's audience, else it reads no one. */
    private Optional<Problem> priorityListProblem(SyncDefinition sync) {
        String id = sync.source().priorityList();
        if (id == null) {
            return Optional.empty();
        }
        String at = "/source/priority_list";
        PriorityList list;
        try {
            list = priorityLists.get().get(id);
        } catch (PriorityListNotFoundException e) {
            return Optional.of(new Problem(at, "no priority list '" + id + "' (known: "
                    + priorityLists.get().list().stream().map(PriorityList::id).sorted().toList() + ")"));
        } catch (AudienceException e) {
            return Optional.of(new Problem(at, e.getMessage()));
        }
        if (!list.audiences().contains(sync.source().audience())) {
            return Optional.of(new Problem(at, "priority list '" + id + "' does not rank audience '" + sync.source().audience()
                    + "' (it ranks " + list.audiences() + ")"));
        }
        return Optional.empty();
    }

    private List<Problem> destinationProblems(SyncDefinition sync) {
        List<Problem> problems = new ArrayList<>();
        Optional<DestinationProvider> provider = types.find(sync.destination().type());
        if (provider.isEmpty()) {
            problems.add(new Problem("/destination/type", "unknown destination type '" + sync.destination().type()
                    + "' (known: " + types.types() + ")"));
            return problems;
        }
        Optional<Connections.Connection> connection = connections.find(sync.destination().connection());
        if (connection.isEmpty()) {
            problems.add(new Problem("/destination/connection", "no connection named '" + sync.destination().connection() + "'"));
        } else if (!connection.get().type().equals(sync.destination().type())) {
            problems.add(new Problem("/destination/connection", "connection '" + connection.get().name() + "' is of type "
                    + connection.get().type() + ", not " + sync.destination().type()));
        } else {
            // A connection stored before its settings were checked this strictly (a file path outside the root).
            provider.get().settingProblems(connection.get().settings()).forEach((k, p) -> problems.add(new Problem(
                    "/destination/connection", "connection '" + connection.get().name() + "': settings." + k + " " + p)));
        }
        if (!problems.isEmpty()) {
            return problems;
        }
        Capabilities caps;
        try (Destination d = provider.get().open(connections.open(connection.get().id()), sync.destination().options())) {
            caps = d.capabilities();
        } catch (WeftException e) {
            return List.of(new Problem("/destination/options", e.getMessage()));
        }
        if (!caps.modes().contains(sync.mode())) {
            problems.add(new Problem("/mode", sync.destination().type() + " does not support mode "
                    + sync.mode().name().toLowerCase(Locale.ROOT) + " (supported: "
                    + caps.modes().stream().map(m -> m.name().toLowerCase(Locale.ROOT)).sorted().toList() + ")"));
        }
        if (!caps.fields().isEmpty()) {
            List<SyncDefinition.FieldMapping> mapping = sync.mapping();
            for (int i = 0; i < mapping.size(); i++) {
                String target = mapping.get(i).to();
                if (caps.fields().stream().noneMatch(f -> f.matches(target))) {
                    problems.add(new Problem("/mapping/" + i + "/to", sync.destination().type() + " has no field '"
                            + target + "' (fields: " + caps.fields().stream().map(DestinationField::name).sorted().toList() + ")"));
                }
            }
            for (DestinationField f : caps.fields()) {
                if (f.required() && mapping.stream().noneMatch(m -> m.to().equals(f.name()))) {
                    problems.add(new Problem("/mapping", sync.destination().type() + " requires field '" + f.name() + "' to be mapped"));
                }
            }
            if (sync.onConsentLost() != null) {
                problems.addAll(consentLostProblems(sync, caps.fields()));
            }
        }
        return problems;
    }

    /**
     * The update sent when consent is lost carries its own fields and those mapped from the key: the destination
     * must accept the former, and find its records by one of the latter when it names the fields it finds them by.
     */
    private static List<Problem> consentLostProblems(SyncDefinition sync, List<DestinationField> catalogue) {
        List<Problem> problems = new ArrayList<>();
        String type = sync.destination().type();
        for (String field : sync.onConsentLost().fields().keySet()) {
            if (catalogue.stream().noneMatch(f -> f.matches(field))) {
                problems.add(new Problem(JsonPointers.member("/on_consent_lost/fields", field), type + " has no field '" + field
                        + "' (fields: " + catalogue.stream().map(DestinationField::name).sorted().toList() + ")"));
            }
        }
        List<String> identifiers = catalogue.stream().filter(DestinationField::identifier).map(DestinationField::name).sorted().toList();
        boolean keyed = sync.mapping().stream().anyMatch(m -> sync.key().equals(m.from())
                && catalogue.stream().anyMatch(f -> f.identifier() && f.matches(m.to())));
        if (!identifiers.isEmpty() && !keyed) {
            problems.add(new Problem("/on_consent_lost", type + " finds a record by one of " + identifiers + ": make the sync's key ('"
                    + sync.key() + "') the column mapped to one of them, so the update sent when consent is lost carries it"));
        }
        return problems;
    }
}
