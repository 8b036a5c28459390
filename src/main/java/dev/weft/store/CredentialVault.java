package dev.weft.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.StateFiles;
import dev.weft.WeftException;
import dev.weft.Workspace;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Named secrets (API keys, OAuth tokens, passwords: a {@code Map<String,String>} per credential, of a
 * kind such as {@code hubspot}) sealed with AES-256-GCM under {@code WEFT_MASTER_KEY} (base64 of 32
 * bytes; make one with {@code openssl rand -base64 32}). Each seal uses a fresh random 96-bit nonce, and
 * the credential's name and kind are authenticated with it, so a sealed value cannot be moved to another
 * row. Each row carries a key check (an HMAC of a fixed label under the key) so a wrong key is reported as
 * such instead of as corrupt data.
 *
 * <p>Constructing the vault checks the key against the stored credentials: {@code weft serve} and every
 * command that touches credentials therefore stop at start with a message naming WEFT_MASTER_KEY.
 * CLI commands take it as {@code Provider<CredentialVault>} so that commands not touching credentials
 * do not need the key.
 */
@Singleton
public class CredentialVault {

    public static final String KEY_VARIABLE = "WEFT_MASTER_KEY";
    private static final String HOW_TO_MAKE_A_KEY = "make one with: openssl rand -base64 32";
    private static final String FORMAT = "v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private static final Table<Record> CREDENTIALS = DSL.table("weft_credentials");
    private static final Field<String> ID = DSL.field("id", String.class);
    private static final Field<String> NAME = DSL.field("name", String.class);
    private static final Field<String> KIND = DSL.field("kind", String.class);
    private static final Field<String> CIPHERTEXT = DSL.field("ciphertext", String.class);
    private static final Field<String> KEY_CHECK = DSL.field("key_check", String.class);
    private static final Field<LocalDateTime> CREATED_AT = DSL.field("created_at", LocalDateTime.class);
    private static final Field<LocalDateTime> UPDATED_AT = DSL.field("updated_at", LocalDateTime.class);

    private final Store store;
    private final SecretKeySpec key;
    private final String keyCheck;
    private final SecureRandom random = new SecureRandom();
    private final ObjectMapper json = new ObjectMapper();

    /** A stored credential without its secrets. */
    public record CredentialInfo(String name, String kind, Instant createdAt, Instant updatedAt) {
    }

    /**
     * The key comes from {@code weft.master-key} when set (tests), else from the WEFT_MASTER_KEY variable,
     * else from the workspace's {@code .weft/master.key}, which only {@code weft demo} writes.
     */
    @Inject
    public CredentialVault(Store store, Workspace workspace, @Nullable @Property(name = "weft.master-key") String configuredKey) {
        this(store, configuredKey != null ? configuredKey : System.getenv(KEY_VARIABLE) != null ? System.getenv(KEY_VARIABLE)
                : workspaceKey(workspace).orElse(null), true);
    }

    private CredentialVault(Store store, @Nullable String base64Key, boolean check) {
        this.store = store;
        this.key = base64Key == null || base64Key.isBlank() ? null : parseKey(base64Key.trim());
        this.keyCheck = key == null ? null : keyCheck(key);
        if (check) {
            checkKeyAgainstStore();
        }
    }

    /** The workspace's own key file, {@code .weft/master.key}, when {@code weft demo} made one. */
    public static Path workspaceKeyFile(Workspace workspace) {
        return workspace.stateDir().resolve("master.key");
    }

    private static Optional<String> workspaceKey(Workspace workspace) {
        Path file = workspaceKeyFile(workspace);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw StateFiles.failure("cannot read " + file, file, e);
        }
    }

    /** Whether a key was given, from the configuration, the environment or the workspace's key file. */
    public boolean hasKey() {
        return key != null;
    }

    /** A new key: the base64 of 32 random bytes, as {@code openssl rand -base64 32} makes. */
    public static String newKey() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Fails, saying how to make one, when no key was given: {@code weft serve} will not start without it. */
    public void requireKeyToServe() {
        if (key == null) {
            throw new WeftException(KEY_VARIABLE + " is not set: weft serve seals connection secrets with it and will not"
                    + " start without it (base64 of 32 bytes; " + HOW_TO_MAKE_A_KEY + ")");
        }
    }

    /** A vault over {@code store} with the given base64 key (null: none), checked like at start. */
    public static CredentialVault open(Store store, @Nullable String base64Key) {
        return new CredentialVault(store, base64Key, true);
    }

    /** Seals and stores (or replaces) the credential {@code name}. */
    public void put(String name, String kind, Map<String, String> secrets) {
        store.dsl().transaction(tx -> put(tx.dsl(), name, kind, secrets));
    }

    /**
     * Like {@link #put(String, String, Map)}, in the caller's transaction {@code tx}: a row the caller writes
     * beside it (a connection) and the credential are stored together or not at all.
     */
    public void put(DSLContext tx, String name, String kind, Map<String, String> secrets) {
        requireName(name, "credential name", 200);
        requireName(kind, "credential kind", 100);
        if (secrets == null || secrets.isEmpty()) {
            throw new WeftException("credential '" + name + "' needs at least one secret");
        }
        secrets.forEach((k, v) -> {
            if (k == null || v == null) {
                throw new WeftException("credential '" + name + "': secret names and values must not be null");
            }
        });
        SecretKeySpec sealingKey = requireKey();
        String sealed = seal(sealingKey, name, kind, secrets);
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        int updated = tx.update(CREDENTIALS)
                .set(KIND, kind).set(CIPHERTEXT, sealed).set(KEY_CHECK, keyCheck).set(UPDATED_AT, now)
                .where(NAME.eq(name)).execute();
        if (updated == 0) {
            tx.insertInto(CREDENTIALS)
                    .set(ID, UUID.randomUUID().toString()).set(NAME, name).set(KIND, kind)
                    .set(CIPHERTEXT, sealed).set(KEY_CHECK, keyCheck)
                    .set(CREATED_AT, now).set(UPDATED_AT, now)
                    .execute();
        }
    }

    /** The secrets of credential {@code name}; fails naming it when there is none. */
    public Map<String, String> get(String name) {
        Record row = store.dsl().select(NAME, KIND, CIPHERTEXT, KEY_CHECK).from(CREDENTIALS)
                .where(NAME.eq(name)).fetchOne();
        if (row == null) {
            throw new WeftException("no credential named '" + name + "'");
        }
        SecretKeySpec openingKey = requireKey();
        if (!keyCheck.equals(row.get(KEY_CHECK))) {
            throw wrongKey();
        }
        return open(openingKey, row.get(NAME), row.get(KIND), row.get(CIPHERTEXT));
    }

    public boolean exists(String name) {
        return store.dsl().fetchExists(CREDENTIALS, NAME.eq(name));
    }

    /** Deletes credential {@code name}; false when there was none. */
    public boolean delete(String name) {
        return store.dsl().deleteFrom(CREDENTIALS).where(NAME.eq(name)).execute() > 0;
    }

    /** Names and kinds of every credential, by name; never secrets. */
    public List<CredentialInfo> list() {
        return store.dsl().select(NAME, KIND, CREATED_AT, UPDATED_AT).from(CREDENTIALS).orderBy(NAME)
                .fetch(r -> new CredentialInfo(r.get(NAME), r.get(KIND), r.get(CREATED_AT).toInstant(ZoneOffset.UTC),
                        r.get(UPDATED_AT).toInstant(ZoneOffset.UTC)));
    }

    private void checkKeyAgainstStore() {
        List<String> checks = store.dsl().selectDistinct(KEY_CHECK).from(CREDENTIALS).fetch(KEY_CHECK);
        if (checks.isEmpty()) {
            return;
        }
        if (key == null) {
            throw new WeftException(KEY_VARIABLE + " is not set, but the store holds sealed credentials: set it to the key "
                    + "they were sealed with (base64 of 32 bytes)");
        }
        if (checks.stream().anyMatch(c -> !c.equals(keyCheck))) {
            throw wrongKey();
        }
    }

    private SecretKeySpec requireKey() {
        if (key == null) {
            throw new WeftException(KEY_VARIABLE + " is not set: credentials are sealed with it (base64 of 32 bytes; "
                    + HOW_TO_MAKE_A_KEY + ")");
        }
        return key;
    }

    private static WeftException wrongKey() {
        return new WeftException(KEY_VARIABLE + " is not the key the stored credentials were sealed with "
                + "(their key check differs); set it to the original key");
    }

    private static SecretKeySpec parseKey(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new WeftException(KEY_VARIABLE + " is not valid base64; it must be the base64 of 32 bytes ("
                    + HOW_TO_MAKE_A_KEY + ")");
        }
        if (bytes.length != 32) {
            throw new WeftException(KEY_VARIABLE + " decodes to " + bytes.length + " bytes; it must be the base64 of 32 bytes ("
                    + HOW_TO_MAKE_A_KEY + ")");
        }
        return new SecretKeySpec(bytes, "AES");
    }

    private static String keyCheck(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal("weft key check v1".getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    /** Binds a sealed value to its row: moving it to another name or kind fails authentication. */
    private static byte[] associatedData(String name, String kind) {
        return ("weft-credential\0" + name + "\0" + kind).getBytes(StandardCharsets.UTF_8);
    }

    private String seal(SecretKeySpec sealingKey, String name, String kind, Map<String, String> secrets) {
        try {
            byte[] plaintext = json.writeValueAsBytes(new TreeMap<>(secrets));
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, sealingKey, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(name, kind));
            byte[] sealed = cipher.doFinal(plaintext);
            return FORMAT + Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length)
                    .put(nonce).put(sealed).array());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot seal credential '" + name + "'", e);
        }
    }

    private Map<String, String> open(SecretKeySpec openingKey, String name, String kind, String stored) {
        if (!stored.startsWith(FORMAT)) {
            throw new WeftException("credential '" + name + "' is stored in an unknown format");
        }
        try {
            byte[] all = Base64.getDecoder().decode(stored.substring(FORMAT.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, openingKey, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData(name, kind));
            byte[] plaintext = cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
            return json.readValue(plaintext, new TypeReference<TreeMap<String, String>>() { });
        } catch (AEADBadTagException | IllegalArgumentException e) {
            throw new WeftException("credential '" + name + "' cannot be opened: it was altered in the store or sealed "
                    + "under another " + KEY_VARIABLE);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot open credential '" + name + "'", e);
        }
    }

    private static void requireName(String value, String what, int max) {
        if (value == null || value.isBlank() || value.length() > max) {
            throw new WeftException(what + " must be 1 to " + max + " characters, got '" + value + "'");
        }
    }
}
