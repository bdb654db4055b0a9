package io.kalchemy.types;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/** {@code String} stored as TEXT, or as VARCHAR(n) when a length is declared (SQLite does not enforce it). */
final class TextType extends BaseType<String> {
    TextType(String ddl) {
        super(String.class, ddl);
    }

    @Override
    public void bind(PreparedStatement statement, int index, String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }

    @Override
    public String read(ResultSet row, int index) throws SQLException {
        return row.getString(index);
    }

    @Override
    public String coerce(Object value) {
        return value == null || value instanceof byte[] ? super.coerce(value) : value.toString();
    }
}
