package dev.weft.destinations;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The SaaS vendor providers are beans the executor finds by type, and their credentials are secret. */
@MicronautTest(startApplication = false)
class VendorDestinationProvidersTest {

    @Inject
    List<DestinationProvider> providers;

    @Test
    void eachVendorIsABeanWithItsCredentialsMarkedSecret() {
        Map<String, DestinationProvider> byType = providers.stream()
                .collect(Collectors.toMap(DestinationProvider::type, Function.identity()));
        assertThat(byType).containsKeys("hubspot", "salesforce", "braze", "iterable", "customerio", "meta", "google-ads",
                "klaviyo");
        Map<String, Set<String>> secrets = Map.of(
                "hubspot", Set.of("access-token"),
                "salesforce", Set.of("client-id", "client-secret", "private-key"),
                "braze", Set.of("api-key"),
                "iterable", Set.of("api-key"),
                "customerio", Set.of("api-key"),
                "meta", Set.of("access-token", "app-secret"),
                "google-ads", Set.of("client-id", "client-secret", "refresh-token", "developer-token"),
                "klaviyo", Set.of("api-key"));
        secrets.forEach((type, names) -> {
            List<ConnectionField> fields = byType.get(type).connectionFields();
            assertThat(fields).as(type).filteredOn(ConnectionField::secret).extracting(ConnectionField::name)
                    .containsExactlyInAnyOrderElementsOf(names);
            assertThat(fields).as(type).extracting(ConnectionField::name).contains("base-url");
        });
    }
}
