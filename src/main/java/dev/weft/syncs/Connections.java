package dev.weft.syncs;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.WeftException;
import dev.weft.audit.AuditLog;
import dev.weft.definitions.Problem;
import dev.weft.destinations.ConnectionCheck;
import dev.weft.destinations.ConnectionField;
import dev.weft.destinations.Destination;
import dev.weft.destinations.DestinationConnection;
import dev.weft.destinations.DestinationProvider;
import dev.weft.destinations.SecretUrls;
import dev.weft.store.CredentialVault;
import dev.weft.store.Store;
import jakarta.inject.Singleton;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Named destination connections: a type, plain settings (in {@code weft_connections}) and secrets,
 * sealed in the credential vault under {@code connection:<name>}. Secrets are only unsealed to open
 * a destination; listings say which secret fields are set, never their values.
 */
@Singleton
public class Connections {

    /** A connection as listed: settings, and the names of its secret fields that are set. */
    public record Connection(String id, String name, String type, Map<String, String> settings,
                             Set<String> secretsSet, Instant createdAt, Instant updatedAt) {

        /** As the audit log keeps it: which secrets are set but never their values, URL credentials masked. */
        Connection audited() {
            return new Connection(id, name, type, SecretUrls.redact(settings), secretsSet, createdAt, updatedAt);
        }
    }

    static final String SUBJECT = "connection";

    static final Table<Record> CONNECTIONS = DSL.table("weft_connections");
    static final Field<String> ID = DSL.field("id", String.class);
    static final Field<String> NAME = DSL.field("name", String.class);
    static final Field<String> TYPE = DSL.field("type", String.class);
    static final Field<String> SETTINGS = DSL.field("settings", String.class);
    static final Field<String> CREDENTIAL_NAME = DSL.field("credential_name", String.class);
    static final Field<String> SECRET_FIELDS = DSL.field("secret_fields", String.class);
    static final Field<LocalDateTime> CREATED_AT = DSL.field("created_at", LocalDateTime.class);
    static final Field<LocalDateTime> UPDATED_AT = DSL.field("updated_at", LocalDateTime.class);
    private static final List<Field<?>> COLUMNS = List.of(ID, NAME, TYPE, SETTINGS, SECRET_FIELDS, CREATED_AT, UPDATED_AT);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Store store;
    private final CredentialVault secrets;
    private final DestinationTypes types;
    private final AuditLog audit;

    public Connections(Store store, CredentialVault secrets, DestinationTypes types, AuditLog audit) {
        this.store = store;
        this.secrets = secrets;
        this.types = types;
        this.audit = audit;
    }

    /**
     * Creates a connection after checking it against its type's fields; problems are reported at
     * {@code /name}, {@code /type}, {@code /settings/<key>} and {@code /secrets/<key>}.
     */
    public Connection create(String name, String type, Map<String, String> settings, Map<String, String> secretValues) {
        List<Problem> problems = new ArrayList<>();
        if (name == null || !SyncDefinitionParser.ID.matcher(name).matches()) {
            problems.add(new Problem("/name", "must be lower-case letters, digits and _ (starting with a letter), got '" + name + "'"));
        }
        DestinationProvider provider = type == null ? null : types.find(type).orElse(null);
        if (provider == null) {
            problems.add(new Problem("/type", "must be one of " + types.types() + ", got '" + type + "'"));
        } else {
            problems.addAll(fieldProblems(provider, settings, secretValues, Set.of()));
        }
        if (!problems.isEmpty()) {
            throw new InvalidSyncException("connection", problems);
        }
        String id = UUID.randomUUID().toString();
        String credential = secretValues.isEmpty() ? null : "connection:" + name;
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        String settingsJson = json(settings);
        // One transaction, the row first: the name's unique key decides a race, and the loser leaves
        // neither a row nor its secrets behind (it never touches the winner's credential).
        try {
            store.dsl().transaction(tx -> {
                tx.dsl().insertInto(CONNECTIONS).set(ID, id).set(NAME, name).set(TYPE, type)
                        .set(SETTINGS, settingsJson).set(CREDENTIAL_NAME, credential)
                        .set(SECRET_FIELDS, String.join(",", new TreeSet<>(secretValues.keySet())))
                        .set(CREATED_AT, now).set(UPDATED_AT, now).execute();
                if (credential != null) {
                    secrets.put(tx.dsl(), credential, type, secretValues);
                }
            });
        } catch (DataAccessException e) {
            if (AlreadyExistsException.isUniqueViolation(e)) {
                throw new AlreadyExistsException("a connection named '" + name + "' exists");
            }
            throw e;
        }
        Connection created = find(id).orElseThrow();
        audit.record("connection.create", SUBJECT, id, null, created.audited());
        return created;
    }

    /**
     * Changes a connection's settings (all of them: a setting left out is unset) and replaces the secrets given
     * (a secret left out keeps its value); checked against its type's fields as {@link #create} checks them.
     *
     * @throws InvalidSyncException problems at {@code /settings/<key>} and {@code /secrets/<key>}
     */
    public Connection update(String idOrName, Map<String, String> settings, Map<String, String> secretValues) {
        Connection before = find(idOrName).orElseThrow(() -> new WeftException("no destination connection '" + idOrName + "'"));
        DestinationProvider provider = types.find(before.type()).orElseThrow(() -> new WeftException("connection '"
                + before.name() + "' has type '" + before.type() + "', which this build does not have"));
        List<Problem> problems = fieldProblems(provider, settings, secretValues, before.secretsSet());
        if (!problems.isEmpty()) {
            throw new InvalidSyncException("connection", problems);
        }
        String credential = "connection:" + before.name();
        Set<String> secretFields = new TreeSet<>(before.secretsSet());
        secretFields.addAll(secretValues.keySet());
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        store.dsl().transaction(tx -> {
            if (!secretValues.isEmpty()) {
                Map<String, String> merged = new TreeMap<>(before.secretsSet().isEmpty() ? Map.of() : secrets.get(credential));
                merged.putAll(secretValues);
                secrets.put(tx.dsl(), credential, before.type(), merged);
            }
            tx.dsl().update(CONNECTIONS).set(SETTINGS, json(settings))
                    .set(CREDENTIAL_NAME, secretFields.isEmpty() ? null : credential)
                    .set(SECRET_FIELDS, String.join(",", secretFields)).set(UPDATED_AT, now)
                    .where(ID.eq(before.id())).execute();
        });
        Connection after = find(before.id()).orElseThrow();
        audit.record("connection.update", SUBJECT, before.id(), before.audited(), after.audited());
        return after;
    }

    /** Whether the destination accepts the connection's credentials and settings, in the destination's words. */
    public ConnectionCheck test(String idOrName) {
        Connection c = find(idOrName).orElseThrow(() -> new WeftException("no destination connection '" + idOrName + "'"));
        try (Destination d = types.find(c.type()).orElseThrow(() -> new WeftException("connection '" + c.name()
                + "' has type '" + c.type() + "', which this build does not have")).open(open(c.id()), Map.of())) {
            return d.test();
        } catch (RuntimeException e) {
            return ConnectionCheck.failed(e.getMessage());
        }
    }

    /** The fields a connection of {@code type} takes, as its destination declares them (empty for an unknown type). */
    public List<ConnectionField> fields(String type) {
        return types.find(type).map(DestinationProvider::connectionFields).orElse(List.of());
    }

    /**
     * What is wrong with settings and secrets for the destination: unknown or misplaced fields, required ones
     * missing (a required secret in {@code secretsSet} is set already), and the destination's own checks.
     */
    private static List<Problem> fieldProblems(DestinationProvider provider, Map<String, String> settings,
                                               Map<String, String> secretValues, Set<String> secretsSet) {
        List<Problem> problems = new ArrayList<>();
        String type = provider.type();
        Map<String, ConnectionField> fields = provider.connectionFields().stream()
                .collect(Collectors.toMap(ConnectionField::name, f -> f, (a, b) -> a, LinkedHashMap::new));
        settings.forEach((k, v) -> {
            ConnectionField f = fields.get(k);
            if (f == null) {
                problems.add(new Problem("/settings/" + k, "unknown setting for " + type + " (known: " + fields.keySet() + ")"));
            } else if (f.secret()) {
                problems.add(new Problem("/settings/" + k, "is secret: pass it under secrets"));
            }
        });
        secretValues.forEach((k, v) -> {
            ConnectionField f = fields.get(k);
            if (f == null || !f.secret()) {
                problems.add(new Problem("/secrets/" + k, "is not a secret field of " + type + " (secret fields: "
                        + fields.values().stream().filter(ConnectionField::secret).map(ConnectionField::name).toList() + ")"));
            }
        });
        for (ConnectionField f : fields.values()) {
            boolean given = f.secret() ? secretValues.containsKey(f.name()) || secretsSet.contains(f.name()) : settings.containsKey(f.name());
            if (f.required() && !given) {
                problems.add(new Problem((f.secret() ? "/secrets/" : "/settings/") + f.name(), "is required: " + f.description()));
            }
        }
        if (problems.isEmpty()) {
            provider.settingProblems(settings).forEach((k, p) -> problems.add(new Problem("/settings/" + k, p)));
        }
        return problems;
    }

    private static String json(Map<String, String> settings) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(settings));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<Connection> list() {
        return store.dsl().select(COLUMNS).from(CONNECTIONS).orderBy(NAME).fetch(Connections::connection);
    }

    /** By id or by name. */
    public Optional<Connection> find(String idOrName) {
        return Optional.ofNullable(store.dsl().select(COLUMNS).from(CONNECTIONS)
                .where(ID.eq(idOrName).or(NAME.eq(idOrName))).fetchOne()).map(Connections::connection);
    }

    public boolean delete(String idOrName) {
        Optional<Connection> c = find(idOrName);
        if (c.isEmpty()) {
            return false;
        }
        String credential = store.dsl().select(CREDENTIAL_NAME).from(CONNECTIONS).where(ID.eq(c.get().id())).fetchOne(CREDENTIAL_NAME);
        store.dsl().deleteFrom(CONNECTIONS).where(ID.eq(c.get().id())).execute();
        if (credential != null) {
            secrets.delete(credential);
        }
        audit.record("connection.delete", SUBJECT, c.get().id(), c.get().audited(), null);
        return true;
    }

    /** The connection with its secrets unsealed, to open a destination. */
    public DestinationConnection open(String idOrName) {
        Connection c = find(idOrName).orElseThrow(() -> new WeftException("no destination connection '" + idOrName
                + "' (create it with POST /v1/connections)"));
        String credential = store.dsl().select(CREDENTIAL_NAME).from(CONNECTIONS).where(ID.eq(c.id())).fetchOne(CREDENTIAL_NAME);
        Map<String, String> values = credential == null ? Map.of() : secrets.get(credential);
        return new DestinationConnection(c.id(), c.name(), c.type(), c.settings(), values);
    }

    private static Connection connection(Record r) {
        try {
            Map<String, String> settings = JSON.readValue(r.get(SETTINGS), new TypeReference<TreeMap<String, String>>() { });
            String fields = r.get(SECRET_FIELDS);
            Set<String> set = fields == null || fields.isEmpty() ? Set.of() : new TreeSet<>(Arrays.asList(fields.split(",")));
            return new Connection(r.get(ID), r.get(NAME), r.get(TYPE), settings, set,
                    r.get(CREATED_AT).toInstant(ZoneOffset.UTC), r.get(UPDATED_AT).toInstant(ZoneOffset.UTC));
        } catch (IOException e) {
            throw new IllegalStateException("stored connection settings are not JSON", e);
        }
    }
}
