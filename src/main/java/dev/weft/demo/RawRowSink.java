package dev.weft.demo;

/**
 * Receives the rows of the raw demo tables as the generator makes them, in the column order of
 * {@link RawTables}. Timestamps are epoch seconds (UTC).
 */
interface RawRowSink {

    void event(String eventId, String anonymousId, String userId, String deviceId, String eventName,
               String properties, long occurredAt);

    void order(String orderId, String userId, String email, double amount, String currency, String status,
               long orderedAt);

    void contact(String contactId, String email, String phone, String userId, String firstName, String lastName,
                 String country, String plan, long createdAt, long updatedAt);

    void truth(String personId, String idType, String idValue);
}
