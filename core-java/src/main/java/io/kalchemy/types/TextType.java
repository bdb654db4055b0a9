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
            requireWellFormed(value);
            statement.setString(index, value);
        }
    }

    /** SQLite stores UTF-8; a lone UTF-16 surrogate would be replaced by '?' on the way, so it is refused. */
    static void requireWellFormed(String value) {
        for (int i = 0, n = value.length(); i < n; i++) {
            char c = value.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                    continue;
                }
                throw new io.kalchemy.errors.DataError("text has an unpaired UTF-16 surrogate (\\u"
                        + Integer.toHexString(c) + ") at index " + i + "; it cannot be stored as UTF-8 without being altered");
            }
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
