package dev.weft.warehouse.jdbc;

import dev.weft.WeftException;
import dev.weft.warehouse.Row;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
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
}
