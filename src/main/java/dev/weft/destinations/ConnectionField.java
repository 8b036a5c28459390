package dev.weft.destinations;

/**
 * A setting of a connection type. Secret fields are sealed in the store and never returned by the API
 * (responses only say that they are set).
 */
public record ConnectionField(String name, boolean required, boolean secret, String description) {
}
