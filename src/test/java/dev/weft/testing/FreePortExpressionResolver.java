package dev.weft.testing;

import io.micronaut.context.env.PropertyExpressionResolver;
import io.micronaut.core.convert.ConversionService;
import io.micronaut.core.value.PropertyResolver;

import java.util.Optional;

/**
 * {@code ${weft-test.free-port}} in test configuration: a port from {@link NetworkAddresses#freePort()}. Micronaut's
 * {@code ${random.port}} may pick a port in the ephemeral range, where an outgoing connection can take it before the
 * server binds it ("Address already in use" at a test's start).
 */
public final class FreePortExpressionResolver implements PropertyExpressionResolver {

    private static final String EXPRESSION = "weft-test.free-port";

    @Override
    public <T> Optional<T> resolve(PropertyResolver propertyResolver, ConversionService conversionService,
                                   String expression, Class<T> requiredType) {
        if (!EXPRESSION.equals(expression)) {
            return Optional.empty();
        }
        return Optional.of(conversionService.convertRequired(NetworkAddresses.freePort(), requiredType));
    }
}
