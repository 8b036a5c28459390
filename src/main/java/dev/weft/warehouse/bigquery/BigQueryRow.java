package dev.weft.warehouse.bigquery;

import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldList;
import com.google.cloud.bigquery.FieldValue;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.StandardSQLTypeName;
import dev.weft.warehouse.Row;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Locale;

/** A {@link Row} over one row of a BigQuery result page, typed by the result's schema; indexes are zero-based. */
final class BigQueryRow implements Row {

    private final String[] names;
    private final StandardSQLTypeName[] types;
    private FieldValueList current;

    BigQueryRow(FieldList fields) {
        names = new String[fields.size()];
        types = new StandardSQLTypeName[fields.size()];
        for (int i = 0; i < names.length; i++) {
            Field f = fields.get(i);
            names[i] = f.getName().toLowerCase(Locale.ROOT);
            types[i] = f.getType().getStandardType();
        }
    }

    BigQueryRow at(FieldValueList values) {
        current = values;
        return this;
    }

    private FieldValue value(int index) {
        FieldValue v = current.get(index);
        return v.isNull() ? null : v;
    }

    @Override
    public int columnCount() {
        return names.length;
    }

    @Override
    public String columnName(int index) {
        return names[index];
    }

    @Override
    public Object getObject(int index) {
        FieldValue v = value(index);
        if (v == null) {
            return null;
        }
        if (v.getAttribute() != FieldValue.Attribute.PRIMITIVE) {
            return String.valueOf(v.getValue()); // ARRAY or STRUCT: Weft's own queries return none; shown, not typed
        }
        return switch (types[index]) {
            case INT64 -> v.getLongValue();
            case FLOAT64 -> v.getDoubleValue();
            case NUMERIC, BIGNUMERIC -> v.getNumericValue();
            case BOOL -> v.getBooleanValue();
            case TIMESTAMP -> v.getTimestampInstant();
            case DATETIME -> LocalDateTime.parse(v.getStringValue());
            case DATE -> LocalDate.parse(v.getStringValue());
            default -> v.getStringValue();
        };
    }

    @Override
    public String getString(int index) {
        FieldValue v = value(index);
        if (v == null) {
            return null;
        }
        if (v.getAttribute() != FieldValue.Attribute.PRIMITIVE) {
            return String.valueOf(v.getValue());
        }
        return types[index] == StandardSQLTypeName.TIMESTAMP ? v.getTimestampInstant().toString() : v.getStringValue();
    }
}
