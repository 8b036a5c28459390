package dev.weft.destinations;

/** The answer of a connection test: whether it works, and what the vendor said. */
public record ConnectionCheck(boolean ok, String message) {

    public static ConnectionCheck ok(String message) {
        return new ConnectionCheck(true, message);
    }

    public static ConnectionCheck failed(String message) {
        return new ConnectionCheck(false, message);
    }
}
