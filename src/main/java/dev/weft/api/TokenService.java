package dev.weft.api;

import dev.weft.WeftException;
import dev.weft.audit.AuditLog;
import dev.weft.store.Store;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.jooq.impl.DSL;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Issues, verifies, lists and revokes REST API bearer tokens, each write recorded in the audit log. A token
 * may carry an end ({@code expires_at}), from which on it verifies no more, as if revoked. A token is
 * {@code weft_} followed by 32 random bytes (base64url); the store keeps only its lower-case hex SHA-256, so a leaked store does not
 * leak usable tokens, and a lookup by hash needs no constant-time comparison.
 */
@Singleton
public class TokenService {

    public static final String PREFIX = "weft_";
    private static final int ENTROPY_BYTES = 32;
    /** last_used_at is informational: refreshing it at most once a minute spares a write per request. */
    private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    private static final Table<Record> TOKENS = DSL.table("weft_api_tokens");
    private static final Field<String> ID = DSL.field("id", String.class);
    private static final Field<String> NAME = DSL.field("name", String.class);
    private static final Field<String> TOKEN_HASH = DSL.field("token_hash", String.class);
    private static final Field<String> SCOPES = DSL.field("scopes", String.class);
    private static final Field<LocalDateTime> CREATED_AT = DSL.field("created_at", LocalDateTime.class);
    private static final Field<LocalDateTime> LAST_USED_AT = DSL.field("last_used_at", LocalDateTime.class);
    private static final Field<LocalDateTime> REVOKED_AT = DSL.field("revoked_at", LocalDateTime.class);
    private static final Field<LocalDateTime> EXPIRES_AT = DSL.field("expires_at", LocalDateTime.class);
    private static final List<Field<?>> COLUMNS = List.of(ID, NAME, SCOPES, CREATED_AT, LAST_USED_AT, REVOKED_AT, EXPIRES_AT);
    /** The audit log's subject type for tokens, which are named by their name. */
    static final String SUBJECT = "token";

    private final Store store;
    private final AuditLog audit;
    private final SecureRandom random = new SecureRandom();

    public TokenService(Store store, AuditLog audit) {
        this.store = store;
        this.audit = audit;
    }

    /** A token just issued: the plaintext exists only here and is never stored. */
    public record IssuedToken(String name, String token, Set<String> scopes, Instant createdAt, @Nullable Instant expiresAt) {
    }

    /** Issues a token without an end. */
    public IssuedToken create(String name, Set<String> scopes) {
        return create(name, scopes, null);
    }

    /**
     * Issues a token that ends at {@code expiresAt} (null: never); unknown scopes, taken names and an end not
     * in the future are rejected with a message saying which.
     */
    public IssuedToken create(String name, Set<String> scopes, @Nullable Instant expiresAt) {
        nameProblem(name).ifPresent(problem -> {
            throw new WeftException("token name " + problem + ", got '" + name + "'");
        });
        String trimmed = name.trim();
        Set<String> valid = Scopes.validate(scopes);
        LocalDateTime now = now();
        if (expiresAt != null && !expiresAt.isAfter(instant(now))) {
            throw new WeftException("a token's expiry must be in the future, got " + expiresAt);
        }
        if (store.dsl().fetchExists(TOKENS, NAME.eq(trimmed))) {
            throw new WeftException("a token named '" + trimmed + "' already exists (names stay taken after revocation); pick another name");
        }
        byte[] secret = new byte[ENTROPY_BYTES];
        random.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        try {
            store.dsl().insertInto(TOKENS)
                    .set(ID, UUID.randomUUID().toString())
                    .set(NAME, trimmed)
                    .set(TOKEN_HASH, sha256Hex(token))
                    .set(SCOPES, String.join(",", valid))
                    .set(CREATED_AT, now)
                    .set(EXPIRES_AT, expiresAt == null ? null : LocalDateTime.ofInstant(expiresAt, ZoneOffset.UTC))
                    .execute();
        } catch (IntegrityConstraintViolationException e) {
            // Two creations with one name raced past the check above.
            throw new WeftException("a token named '" + trimmed + "' already exists; pick another name", e);
        }
        IssuedToken issued = new IssuedToken(trimmed, token, valid, instant(now), expiresAt);
        audit.record("token.create", SUBJECT, trimmed, null, find(trimmed).orElseThrow());
        return issued;
    }

    /** What is wrong with {@code name} as a token's name, or empty. */
    public static Optional<String> nameProblem(@Nullable String name) {
        String trimmed = name == null ? "" : name.trim();
        return trimmed.isEmpty() || trimmed.length() > 200 ? Optional.of("must be 1 to 200 characters") : Optional.empty();
    }

    /** The active token a bearer string stands for, or empty when it is unknown, revoked or expired. */
    public Optional<ApiToken> verify(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        Record row = store.dsl().select(COLUMNS).from(TOKENS).where(TOKEN_HASH.eq(sha256Hex(token))).fetchOne();
        LocalDateTime now = now();
        if (row == null || row.get(REVOKED_AT) != null || (row.get(EXPIRES_AT) != null && !row.get(EXPIRES_AT).isAfter(now))) {
            return Optional.empty();
        }
        LocalDateTime lastUsed = row.get(LAST_USED_AT);
        if (lastUsed == null || lastUsed.isBefore(now.minus(LAST_USED_RESOLUTION))) {
            store.dsl().update(TOKENS).set(LAST_USED_AT, now).where(ID.eq(row.get(ID))).execute();
            lastUsed = now;
        }
        return Optional.of(toToken(row, lastUsed));
    }

    /** Every token, revoked and expired ones included, oldest first. */
    public List<ApiToken> list() {
        return store.dsl().select(COLUMNS).from(TOKENS).orderBy(CREATED_AT, NAME).fetch(r -> toToken(r, r.get(LAST_USED_AT)));
    }

    /** The token with this name, whatever its status. */
    public Optional<ApiToken> find(String name) {
        return Optional.ofNullable(store.dsl().select(COLUMNS).from(TOKENS).where(NAME.eq(name)).fetchOne())
                .map(r -> toToken(r, r.get(LAST_USED_AT)));
    }

    /** Revokes the token with this name (an expired one too); it answers 401 from then on. */
    public void revoke(String name) {
        Optional<ApiToken> before = find(name);
        int updated = store.dsl().update(TOKENS).set(REVOKED_AT, now())
                .where(NAME.eq(name)).and(REVOKED_AT.isNull()).execute();
        if (updated == 0) {
            throw before.isPresent() ? new TokenRevokedException("token '" + name + "' is already revoked")
                    : new TokenNotFoundException("no token named '" + name + "'");
        }
        audit.record("token.revoke", SUBJECT, name, before.orElseThrow(), find(name).orElseThrow());
    }

    /** Lower-case hex SHA-256 of the token's UTF-8 bytes: the stored form (of web session ids too). */
    public static String sha256Hex(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static ApiToken toToken(Record row, LocalDateTime lastUsed) {
        Set<String> scopes = new LinkedHashSet<>(Arrays.asList(row.get(SCOPES).split(",")));
        scopes.remove("");
        return new ApiToken(row.get(NAME), Collections.unmodifiableSet(scopes), instant(row.get(CREATED_AT)), instant(lastUsed),
                instant(row.get(REVOKED_AT)), instant(row.get(EXPIRES_AT)));
    }

    private static LocalDateTime now() {
        return LocalDateTime.now(ZoneOffset.UTC);
    }

    private static Instant instant(LocalDateTime utc) {
        return utc == null ? null : utc.toInstant(ZoneOffset.UTC);
    }
}
