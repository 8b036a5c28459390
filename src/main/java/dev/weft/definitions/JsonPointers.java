package dev.weft.definitions;

/** JSON Pointers (RFC 6901), the one way definitions and API errors name a field. */
public final class JsonPointers {

    private JsonPointers() {
    }

    /** The pointer of member {@code name} of the node at {@code at}. */
    public static String member(String at, String name) {
        return at + "/" + escape(name);
    }

    /** A member name as one reference token: {@code ~} becomes {@code ~0}, {@code /} becomes {@code ~1}. */
    public static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    /** A reference token back to the member name it stands for. */
    public static String unescape(String token) {
        return token.replace("~1", "/").replace("~0", "~");
    }
}
