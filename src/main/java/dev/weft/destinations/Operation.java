package dev.weft.destinations;

/** What the planner found for a record since the last successful sync. */
public enum Operation {
    ADD,
    CHANGE,
    REMOVE
}
