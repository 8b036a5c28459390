package dev.weft.destinations;

/**
 * What happened to one record. Only {@code OK} marks it synced; {@code PENDING} waits for its job;
 * {@code RETRYABLE} and {@code PERMANENT} leave it unsynced (sent again next run) with the vendor's message.
 */
public record RecordResult(String key, Outcome outcome, String message, String jobId) {

    public enum Outcome {
        OK,
        PENDING,
        RETRYABLE,
        PERMANENT
    }

    public static RecordResult ok(String key) {
        return new RecordResult(key, Outcome.OK, null, null);
    }

    public static RecordResult pending(String key, String jobId) {
        return new RecordResult(key, Outcome.PENDING, null, jobId);
    }

    public static RecordResult retryable(String key, String message) {
        return new RecordResult(key, Outcome.RETRYABLE, message, null);
    }

    public static RecordResult permanent(String key, String message) {
        return new RecordResult(key, Outcome.PERMANENT, message, null);
    }
}
