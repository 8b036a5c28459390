package dev.weft.syncs;

import java.util.Map;

/** Where a connection's secrets are sealed: the store's credential vault. */
public interface ConnectionSecrets {

    void put(String name, String kind, Map<String, String> secrets);

    Map<String, String> get(String name);

    void delete(String name);
}
