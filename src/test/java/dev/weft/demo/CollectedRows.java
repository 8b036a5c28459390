package dev.weft.demo;

import java.util.ArrayList;
import java.util.List;

/** The rows a generation run made, kept in memory (tests only use a few thousand people). */
final class CollectedRows implements RawRowSink {

    record Event(String eventId, String anonymousId, String userId, String deviceId, String eventName,
                 String properties, long occurredAt) {
    }

    record Order(String orderId, String userId, String email, double amount, String currency, String status,
                 long orderedAt) {
    }

    record Contact(String contactId, String email, String phone, String userId, String firstName, String lastName,
                   String country, String plan, long createdAt, long updatedAt) {
    }

    record Truth(String personId, String idType, String idValue) {
    }

    final List<Event> events = new ArrayList<>();
    final List<Order> orders = new ArrayList<>();
    final List<Contact> contacts = new ArrayList<>();
    final List<Truth> truth = new ArrayList<>();

    static CollectedRows generate(long seed, long profiles) {
        CollectedRows rows = new CollectedRows();
        rows.counts = new SyntheticCustomers(seed).generate(profiles, true, rows, done -> { });
        return rows;
    }

    SyntheticCustomers.RowCounts counts;

    @Override
    public void event(String eventId, String anonymousId, String userId, String deviceId, String eventName,
                      String properties, long occurredAt) {
        events.add(new Event(eventId, anonymousId, userId, deviceId, eventName, properties, occurredAt));
    }

    @Override
    public void order(String orderId, String userId, String email, double amount, String currency, String status,
                      long orderedAt) {
        orders.add(new Order(orderId, userId, email, amount, currency, status, orderedAt));
    }

    @Override
    public void contact(String contactId, String email, String phone, String userId, String firstName,
                        String lastName, String country, String plan, long createdAt, long updatedAt) {
        contacts.add(new Contact(contactId, email, phone, userId, firstName, lastName, country, plan, createdAt, updatedAt));
    }

    @Override
    public void truth(String personId, String idType, String idValue) {
        truth.add(new Truth(personId, idType, idValue));
    }
}
