package dev.weft.warehouse.jdbc;

import dev.weft.WeftException;
import dev.weft.warehouse.Row;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

/** A {@link Row} over the current row of a JDBC result set; indexes are zero-based. */
final class JdbcRow implements Row {

    private final ResultSet rs;
    private final String[] names;

    JdbcRow(ResultSet rs) throws SQLException {
        this.rs = rs;
        ResultSetMetaData md = rs.getMetaData();
        names = new String[md.getColumnCount()];
        for (int i = 0; i < names.length; i++) {
            names[i] = md.getColumnLabel(i + 1).toLowerCase(Locale.ROOT);
        }
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
        try {
            return rs.getObject(index + 1);
        } catch (SQLException e) {
            throw new WeftException("cannot read column " + names[index] + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String getString(int index) {
        Object v = getObject(index);
        return v == null ? null : v.toString();
    }

    @Override
    public Long getLong(int index) {
        Object v = getObject(index);
        return v == null ? null : v instanceof Number n ? n.longValue() : Long.parseLong(v.toString());
    }

    @Override
    public Double getDouble(int index) {
        Object v = getObject(index);
        return v == null ? null : v instanceof Number n ? n.doubleValue() : Double.parseDouble(v.toString());
    }

    @Override
    public Boolean getBoolean(int index) {
        Object v = getObject(index);
        return v == null ? null : v instanceof Boolean b ? b : Boolean.parseBoolean(v.toString());
    }

    @Override
    public Instant getInstant(int index) {
        Object v = getObject(index);
        if (v == null) {
            return null;
        }
        if (v instanceof Timestamp ts) {
            return ts.toLocalDateTime().toInstant(ZoneOffset.UTC);
        }
        if (v instanceof LocalDateTime ldt) {
            return ldt.toInstant(ZoneOffset.UTC);
        }
        if (v instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (v instanceof java.sql.Date d) {
            return d.toLocalDate().atStartOfDay().toInstant(ZoneOffset.UTC);
        }
        return Instant.parse(v.toString());
    }

    @Override
    public LocalDate getDate(int index) {
        Object v = getObject(index);
        if (v == null) {
            return null;
        }
        if (v instanceof java.sql.Date d) {
            return d.toLocalDate();
        }
        if (v instanceof LocalDate ld) {
            return ld;
        }
        return getInstant(index).atOffset(ZoneOffset.UTC).toLocalDate();
    }
}
