package dev.weft.store;

import dev.weft.WeftException;
import dev.weft.api.ApiToken;
import dev.weft.api.TokenService;
import dev.weft.audit.AuditLog;
import dev.weft.testing.TestTokens;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the store must do on every database it runs on (one subclass per database): migrations, API tokens
 * and sealed credentials.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StoreContract {

    private static final String KEY = newKey();

    protected Store store;
    private TokenService tokens;

    /** A migrated store on the database under test, empty of tokens and credentials. */
    protected abstract Store openStore();

    @BeforeAll
    void open() {
        store = openStore();
        tokens = new TokenService(store, new AuditLog(store));
    }

    @AfterAll
    void close() {
        if (store != null) {
            store.close();
        }
    }

    private static String newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void migrationsCreateTheFoundationTables() {
        for (String table : new String[] {"weft_api_tokens", "weft_credentials", "weft_runs"}) {
            assertThat(store.dsl().fetchCount(DSL.table(table))).as(table).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void createdTokenVerifiesAndIsStoredOnlyAsItsHash() {
        String name = unique("ci");
        TokenService.IssuedToken issued = tokens.create(name, Set.of("audiences:write", "syncs:write"));
        assertThat(issued.token()).startsWith("weft_");
        // 32 random bytes in base64url without padding: 43 characters after the prefix.
        assertThat(issued.token().substring(5)).hasSize(43).matches("[A-Za-z0-9_-]+");

        String stored = store.dsl().select(DSL.field("token_hash", String.class)).from("weft_api_tokens")
                .where(DSL.field("name").eq(name)).fetchOne(0, String.class);
        assertThat(stored).matches("[0-9a-f]{64}").doesNotContain(issued.token().substring(5));
        String scopes = store.dsl().select(DSL.field("scopes", String.class)).from("weft_api_tokens")
                .where(DSL.field("name").eq(name)).fetchOne(0, String.class);
        assertThat(Set.of(scopes.split(","))).containsExactlyInAnyOrder("audiences:write", "syncs:write");

        Optional<ApiToken> verified = tokens.verify(issued.token());
        assertThat(verified).hasValueSatisfying(t -> {
            assertThat(t.name()).isEqualTo(name);
            assertThat(t.scopes()).containsExactlyInAnyOrder("audiences:write", "syncs:write");
            assertThat(t.lastUsedAt()).isNotNull();
        });
        assertThat(tokens.verify(issued.token() + "x")).isEmpty();
        assertThat(tokens.verify("")).isEmpty();
    }

    @Test
    void tokensMadeByTheTestHelperVerify() {
        String token = TestTokens.create(store, "helper", "models:read", "identity:read");
        assertThat(tokens.verify(token)).hasValueSatisfying(t ->
                assertThat(t.scopes()).containsExactlyInAnyOrder("models:read", "identity:read"));
    }

    @Test
    void unknownScopesAreRejectedNamingThem() {
        assertThatThrownBy(() -> tokens.create(unique("bad"), Set.of("audiences:write", "audience:wirte")))
                .isInstanceOf(WeftException.class)
                .hasMessageContaining("audience:wirte")
                .hasMessageContaining("known scopes");
        assertThatThrownBy(() -> tokens.create(unique("none"), Set.of()))
                .hasMessageContaining("at least one scope");
    }

    @Test
    void namesAreUnique() {
        String name = unique("dup");
        tokens.create(name, Set.of("admin"));
        assertThatThrownBy(() -> tokens.create(name, Set.of("admin"))).hasMessageContaining("already exists");
    }

    @Test
    void revokedTokensNoLongerVerifyButStayListed() {
        String name = unique("old");
        TokenService.IssuedToken issued = tokens.create(name, Set.of("syncs:read"));
        tokens.revoke(name);
        assertThat(tokens.verify(issued.token())).isEmpty();
        assertThat(tokens.list()).filteredOn(t -> t.name().equals(name)).singleElement()
                .satisfies(t -> assertThat(t.revoked()).isTrue());
        assertThatThrownBy(() -> tokens.revoke(name)).hasMessageContaining("already revoked");
        assertThatThrownBy(() -> tokens.revoke(unique("ghost"))).hasMessageContaining("no token named");
    }

    @Test
    void listShowsNamesAndScopesButNoSecrets() {
        String name = unique("listed");
        tokens.create(name, Set.of("connections:read"));
        assertThat(tokens.list()).filteredOn(t -> t.name().equals(name)).singleElement().satisfies(t -> {
            assertThat(t.scopes()).containsExactly("connections:read");
            assertThat(t.revoked()).isFalse();
            assertThat(t.lastUsedAt()).isNull();
        });
    }

    // --- credentials ---

    @Test
    void credentialsRoundTripAndAreUpdatedInPlace() {
        CredentialVault vault = CredentialVault.open(store, KEY);
        String name = unique("hubspot");
        vault.put(name, "hubspot", Map.of("access_token", "pat-na1-secret", "portal_id", "42"));
        assertThat(vault.exists(name)).isTrue();
        assertThat(vault.get(name)).containsExactlyInAnyOrderEntriesOf(Map.of("access_token", "pat-na1-secret", "portal_id", "42"));

        vault.put(name, "hubspot", Map.of("access_token", "rotated"));
        assertThat(vault.get(name)).containsExactlyEntriesOf(Map.of("access_token", "rotated"));
        assertThat(vault.list()).filteredOn(c -> c.name().equals(name)).singleElement()
                .satisfies(c -> assertThat(c.kind()).isEqualTo("hubspot"));

        assertThat(vault.delete(name)).isTrue();
        assertThat(vault.exists(name)).isFalse();
        assertThat(vault.delete(name)).isFalse();
        assertThatThrownBy(() -> vault.get(name)).hasMessageContaining("no credential named '" + name + "'");
    }

    @Test
    void secretsNeverReachTheStoreInClearAndEachSealUsesAFreshNonce() {
        CredentialVault vault = CredentialVault.open(store, KEY);
        String first = unique("a");
        String second = unique("b");
        vault.put(first, "webhook", Map.of("secret", "s3cr3t-value"));
        vault.put(second, "webhook", Map.of("secret", "s3cr3t-value"));
        String a = ciphertext(first);
        String b = ciphertext(second);
        assertThat(a).doesNotContain("s3cr3t").doesNotContain(Base64.getEncoder().encodeToString("s3cr3t-value".getBytes()));
        // Same plaintext, different nonce: the 12-byte nonces at the start differ.
        assertThat(a.substring(0, 19)).isNotEqualTo(b.substring(0, 19));
        vault.delete(first);
        vault.delete(second);
    }

    @Test
    void aSealedValueMovedToAnotherRowDoesNotOpen() {
        CredentialVault vault = CredentialVault.open(store, KEY);
        String victim = unique("victim");
        String attacker = unique("attacker");
        vault.put(victim, "salesforce", Map.of("password", "p1"));
        vault.put(attacker, "salesforce", Map.of("password", "p2"));
        store.dsl().update(DSL.table("weft_credentials")).set(DSL.field("ciphertext"), ciphertext(victim))
                .where(DSL.field("name").eq(attacker)).execute();
        assertThatThrownBy(() -> vault.get(attacker)).isInstanceOf(WeftException.class).hasMessageContaining("altered");
        vault.delete(victim);
        vault.delete(attacker);
    }

    @Test
    void startingWithAMissingOrWrongKeyFailsNamingTheVariable() {
        CredentialVault vault = CredentialVault.open(store, KEY);
        String name = unique("braze");
        vault.put(name, "braze", Map.of("api_key", "very-secret-braze-key"));
        try {
            assertThatThrownBy(() -> CredentialVault.open(store, null))
                    .isInstanceOf(WeftException.class).hasMessageContaining("WEFT_MASTER_KEY").hasMessageContaining("not set");
            assertThatThrownBy(() -> CredentialVault.open(store, newKey()))
                    .isInstanceOf(WeftException.class).hasMessageContaining("WEFT_MASTER_KEY")
                    .hasMessageNotContaining("very-secret-braze-key");
            assertThatThrownBy(() -> CredentialVault.open(store, "c2hvcnQ="))
                    .hasMessageContaining("WEFT_MASTER_KEY decodes to 5 bytes").hasMessageContaining("openssl rand -base64 32");
        } finally {
            vault.delete(name);
        }
        // Without credentials a missing key is fine until one is stored.
        CredentialVault keyless = CredentialVault.open(store, null);
        assertThatThrownBy(() -> keyless.put(unique("x"), "braze", Map.of("k", "v")))
                .hasMessageContaining("WEFT_MASTER_KEY is not set").hasMessageContaining("openssl rand -base64 32");
    }

    private String ciphertext(String name) {
        return store.dsl().select(DSL.field("ciphertext", String.class)).from("weft_credentials")
                .where(DSL.field("name").eq(name)).fetchOne(0, String.class);
    }
}
