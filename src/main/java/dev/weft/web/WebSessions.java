package dev.weft.web;

import dev.weft.api.ApiToken;
import dev.weft.api.TokenService;
import dev.weft.store.Store;
import jakarta.inject.Singleton;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;

/**
 * The web app's sessions, in the store's {@code weft_web_sessions}: signing in with an API token opens one
 * for {@link #LIFETIME}; the cookie holds a random id of which the store keeps only the SHA-256. A session
 * names its token and is valid only while that token is (revoked or expired: the session ends), so its
 * scopes are always the token's current ones. Each session has its own CSRF token for the page's writes.
 */
@Singleton
public class WebSessions {

    static final Duration LIFETIME = Duration.ofHours(12);
    private static final int ID_BYTES = 32;

    private static final Table<Record> SESSIONS = DSL.table("weft_web_sessions");
    private static final Field<String> ID_HASH = DSL.field("id_hash", String.class);
    private static final Field<String> TOKEN_NAME = DSL.field("token_name", String.class);
    private static final Field<String> CSRF = DSL.field("csrf", String.class);
    private static final Field<LocalDateTime> CREATED_AT = DSL.field("created_at", LocalDateTime.class);
    private static final Field<LocalDateTime> EXPIRES_AT = DSL.field("expires_at", LocalDateTime.class);

    private final Store store;
    private final TokenService tokens;
    private final SecureRandom random = new SecureRandom();

    public WebSessions(Store store, TokenService tokens) {
        this.store = store;
        this.tokens = tokens;
    }

    /** A session just opened: {@code id} goes into the cookie and exists nowhere else. */
    record Opened(String id, WebSession session) {
    }

    /** Opens a session for a bearer token, or empty when the token is unknown, revoked or expired. */
    Optional<Opened> open(String bearer) {
        Optional<ApiToken> token = tokens.verify(bearer == null ? null : bearer.trim());
        if (token.isEmpty()) {
            return Optional.empty();
        }
        String id = randomText();
        String csrf = randomText();
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        // Expired sessions are deleted as new ones open, so the table holds only live ones and a few stale.
        store.dsl().deleteFrom(SESSIONS).where(EXPIRES_AT.le(now)).execute();
        store.dsl().insertInto(SESSIONS)
                .set(ID_HASH, TokenService.sha256Hex(id))
                .set(TOKEN_NAME, token.get().name())
                .set(CSRF, csrf)
                .set(CREATED_AT, now)
                .set(EXPIRES_AT, now.plus(LIFETIME))
                .execute();
        return Optional.of(new Opened(id, new WebSession(token.get(), csrf)));
    }

    /** The live session a cookie names, with its token as it is now; empty when either has ended. */
    Optional<WebSession> find(String id) {
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        Record row = store.dsl().select(TOKEN_NAME, CSRF, EXPIRES_AT).from(SESSIONS).where(ID_HASH.eq(TokenService.sha256Hex(id)))
                .fetchOne();
        if (row == null || !row.get(EXPIRES_AT).isAfter(LocalDateTime.now(ZoneOffset.UTC))) {
            return Optional.empty();
        }
        Optional<ApiToken> token = tokens.find(row.get(TOKEN_NAME)).filter(t -> ApiToken.ACTIVE.equals(t.status(Instant.now())));
        if (token.isEmpty()) {
            close(id);
            return Optional.empty();
        }
        return Optional.of(new WebSession(token.get(), row.get(CSRF)));
    }

    /** Ends the session (signing out); nothing happens for an unknown id. */
    void close(String id) {
        if (id != null) {
            store.dsl().deleteFrom(SESSIONS).where(ID_HASH.eq(TokenService.sha256Hex(id))).execute();
        }
    }

    private String randomText() {
        byte[] bytes = new byte[ID_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
