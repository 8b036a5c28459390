package dev.weft.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * One synthetic customer and the identifiers that truly belong to them: the ground truth that identity
 * resolution is checked against. Values are canonical, i.e. what normalization should yield: emails
 * trimmed and lower-cased, phones in E.164; cookies, devices and user IDs as they appear in the raw rows.
 * A household's shared device belongs to each person who uses it.
 */
public record Person(
        long index,
        String personId,
        String firstName,
        String lastName,
        String country,
        String plan,
        List<String> cookies,
        List<String> devices,
        List<String> emails,
        /* null for people who never sign up */
        String userId,
        /* E.164, or null */
        String phone) {

    /** Identifier types, named after the raw columns that carry them. */
    public static final String ANONYMOUS_ID = "anonymous_id";
    public static final String DEVICE_ID = "device_id";
    public static final String USER_ID = "user_id";
    public static final String EMAIL = "email";
    public static final String PHONE = "phone";

    public record Identifier(String type, String value) {
    }

    public List<Identifier> identifiers() {
        List<Identifier> ids = new ArrayList<>(cookies.size() + devices.size() + emails.size() + 2);
        cookies.forEach(c -> ids.add(new Identifier(ANONYMOUS_ID, c)));
        devices.forEach(d -> ids.add(new Identifier(DEVICE_ID, d)));
        if (userId != null) {
            ids.add(new Identifier(USER_ID, userId));
        }
        emails.forEach(e -> ids.add(new Identifier(EMAIL, e)));
        if (phone != null) {
            ids.add(new Identifier(PHONE, phone));
        }
        return ids;
    }
}
