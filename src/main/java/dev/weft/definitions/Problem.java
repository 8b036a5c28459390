package dev.weft.definitions;

/** One offending field of a definition: its JSON Pointer ("" for the whole definition) and what is wrong. */
public record Problem(String path, String problem) {
}
