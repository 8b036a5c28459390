package dev.weft.audiences;

import dev.weft.warehouse.ColumnType;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Comparison operators, with the column types each one fits. JSON names are the lower-case enum names. */
public enum Operator {
    EQUALS, NOT_EQUALS, IN, NOT_IN,
    CONTAINS, STARTS_WITH,
    GREATER_THAN, GREATER_THAN_OR_EQUAL, LESS_THAN, LESS_THAN_OR_EQUAL, BETWEEN,
    BEFORE, AFTER, WITHIN_LAST, MORE_THAN_AGO,
    IS_SET, IS_NOT_SET;

    private static final Set<Operator> TEXT = EnumSet.of(EQUALS, NOT_EQUALS, IN, NOT_IN, CONTAINS, STARTS_WITH, IS_SET, IS_NOT_SET);
    private static final Set<Operator> NUMBER = EnumSet.of(EQUALS, NOT_EQUALS, IN, NOT_IN, GREATER_THAN,
            GREATER_THAN_OR_EQUAL, LESS_THAN, LESS_THAN_OR_EQUAL, BETWEEN, IS_SET, IS_NOT_SET);
    private static final Set<Operator> BOOL = EnumSet.of(EQUALS, NOT_EQUALS, IS_SET, IS_NOT_SET);
    private static final Set<Operator> TIME = EnumSet.of(BEFORE, AFTER, BETWEEN, WITHIN_LAST, MORE_THAN_AGO, IS_SET, IS_NOT_SET);
    private static final Set<Operator> OTHER = EnumSet.of(IS_SET, IS_NOT_SET);

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Operator> fromJson(String name) {
        return Arrays.stream(values()).filter(o -> o.jsonName().equals(name)).findFirst();
    }

    /** The operators that fit a column type, in declaration order. */
    public static Set<Operator> forType(ColumnType type) {
        return switch (type) {
            case VARCHAR -> TEXT;
            case BIGINT, INTEGER, DOUBLE -> NUMBER;
            case BOOLEAN -> BOOL;
            case TIMESTAMP, DATE -> TIME;
            case JSON -> OTHER;
        };
    }

    /** Operators true when the value is not set (the negative ones), so NOT over them stays two-valued. */
    boolean matchesUnset() {
        return this == NOT_EQUALS || this == NOT_IN || this == IS_NOT_SET;
    }
}
