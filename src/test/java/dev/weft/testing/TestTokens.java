package dev.weft.testing;

import dev.weft.store.Store;
import org.jooq.impl.DSL;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.UUID;

/** Makes API tokens for tests, stored exactly as the service stores them (a SHA-256, never the token). */
public final class TestTokens {

    private TestTokens() {
    }

    /** Creates a token with the given scopes and returns its plaintext, for an {@code Authorization: Bearer} header. */
    public static String create(Store store, String name, String... scopes) {
        String token = "weft_test_" + UUID.randomUUID().toString().replace("-", "");
        store.dsl().insertInto(DSL.table("weft_api_tokens"))
                .set(DSL.field("id"), UUID.randomUUID().toString())
                .set(DSL.field("name"), name + "-" + UUID.randomUUID().toString().substring(0, 8))
                .set(DSL.field("token_hash"), sha256(token))
                .set(DSL.field("scopes"), String.join(",", scopes))
                .set(DSL.field("created_at"), LocalDateTime.now(ZoneOffset.UTC))
                .execute();
        return token;
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
