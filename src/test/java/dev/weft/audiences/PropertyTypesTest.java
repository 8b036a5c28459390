package dev.weft.audiences;

import dev.weft.WeftException;
import dev.weft.warehouse.ColumnType;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PropertyTypesTest {

    @Test
    void declarationsListPropertiesByTypeAndBadOnesNameTheSetting() {
        assertThat(PropertyTypes.declared(Map.of("number", List.of("price", "quantity"), "Boolean", List.of("gift"))))
                .isEqualTo(Map.of("price", ColumnType.DOUBLE, "quantity", ColumnType.DOUBLE, "gift", ColumnType.BOOLEAN));
        assertThat(PropertyTypes.declared(null)).isEmpty();
        assertThatThrownBy(() -> PropertyTypes.declared(Map.of("integer", List.of("price"))))
                .isInstanceOf(WeftException.class).hasMessageContaining("weft.audiences.properties.integer")
                .hasMessageContaining("one of number, boolean, timestamp, string");
        assertThatThrownBy(() -> PropertyTypes.declared(Map.of("number", List.of("unit price"))))
                .isInstanceOf(WeftException.class).hasMessageContaining("'unit price' is no property name");
        assertThatThrownBy(() -> PropertyTypes.declared(Map.of("number", List.of("price"), "string", List.of("price"))))
                .isInstanceOf(WeftException.class).hasMessageContaining("'price' is declared both");
    }

    @Test
    void aKeyIsTypedByTheKindsOfItsValuesAndNullIsNoKind() {
        Map<String, Set<ColumnType>> seen = new HashMap<>();
        PropertyTypes.classify("{\"n\":1,\"b\":true,\"t\":\"2025-01-31T12:00:00Z\",\"s\":\"x\",\"mixed\":1,\"gone\":null}", seen);
        PropertyTypes.classify("{\"n\":2.5,\"mixed\":\"1\"}", seen);
        PropertyTypes.classify("not json", seen);
        PropertyTypes.classify("[1,2]", seen);
        assertThat(seen).isEqualTo(Map.of("n", Set.of(ColumnType.DOUBLE), "b", Set.of(ColumnType.BOOLEAN),
                "t", Set.of(ColumnType.TIMESTAMP), "s", Set.of(ColumnType.VARCHAR), "mixed", Set.of(ColumnType.DOUBLE, ColumnType.VARCHAR)));
    }
}
