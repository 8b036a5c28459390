package dev.weft.syncs;

import dev.weft.destinations.DestinationProvider;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Every {@link DestinationProvider} bean, by its type name. */
@Singleton
public class DestinationTypes {

    private final Map<String, DestinationProvider> byType = new TreeMap<>();

    public DestinationTypes(List<DestinationProvider> providers) {
        providers.forEach(p -> byType.put(p.type(), p));
    }

    public Optional<DestinationProvider> find(String type) {
        return Optional.ofNullable(byType.get(type));
    }

    public java.util.Set<String> types() {
        return byType.keySet();
    }
}
