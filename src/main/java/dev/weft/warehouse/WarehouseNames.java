package dev.weft.warehouse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Names of the warehouse objects Weft makes from user input (a sync's state table, say): one rule for
 * every engine, so no engine ever truncates or confuses them. A name is a fixed prefix, the id
 * lower-cased with anything but {@code [a-z0-9_]} turned into {@code _} and cut to fit, then {@code _}
 * and the first {@value #HASH_LENGTH} hex digits of the SHA-256 of the full id (and its qualifier).
 * It is at most {@value #MAX_LENGTH} characters, Postgres's limit and the smallest of the engines', so
 * two ids that share a long prefix still name two objects.
 */
public final class WarehouseNames {

    /** Postgres keeps the first 63 bytes of an identifier; the other engines allow more. */
    public static final int MAX_LENGTH = 63;
    static final int HASH_LENGTH = 10;

    private WarehouseNames() {
    }

    /** The name for {@code id} under {@code prefix}, e.g. {@code weft_sync_plan_vip_list_3f9a0c1d2e}. */
    public static String of(String prefix, String id) {
        return of(prefix, id, "");
    }

    /**
     * The name for {@code id} under {@code prefix}, distinct for each {@code qualifier} (which goes into
     * the hash only, so the readable part stays the id).
     */
    public static String of(String prefix, String id, String qualifier) {
        int room = MAX_LENGTH - prefix.length() - 1 - HASH_LENGTH;
        if (room < 8 || !Dialect.PLAIN_IDENTIFIER.matcher(prefix).matches()) {
            throw new IllegalArgumentException("prefix '" + prefix + "' must be a short plain identifier");
        }
        String readable = id.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (readable.length() > room) {
            readable = readable.substring(0, room);
        }
        return prefix + readable + "_" + sha256Hex(id + '\0' + qualifier).substring(0, HASH_LENGTH);
    }

    /** Lower-case hex SHA-256 of the text's UTF-8 bytes. */
    public static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
