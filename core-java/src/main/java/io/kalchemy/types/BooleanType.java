package io.kalchemy.types;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/** {@code Boolean} stored as INTEGER 0/1 under declared type BOOLEAN, as SQLAlchemy does on SQLite. */
final class BooleanType extends BaseType<Boolean> {
    BooleanType() {
        super(Boolean.class, "BOOLEAN");
    }

    @Override
    public void bind(PreparedStatement statement, int index, Boolean value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.INTEGER);
        } else {
            statement.setInt(index, value ? 1 : 0);
        }
    }

    @Override
    public Boolean read(ResultSet row, int index) throws SQLException {
        Object stored = row.getObject(index);
        if (stored == null) {
            return null;
        }
        if (stored instanceof Integer i && (i == 0 || i == 1)) {
            return i == 1;
        }
        long v = exactLong(stored);
        if (v != 0 && v != 1) {
            throw notExact(stored, "a BOOLEAN column holds 0 or 1");
        }
        return v == 1;
    }

    @Override
    public Boolean coerce(Object value) {
        return value instanceof Number n ? Boolean.valueOf(n.longValue() != 0) : super.coerce(value);
    }
}
