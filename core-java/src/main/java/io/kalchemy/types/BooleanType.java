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
        int v = row.getInt(index);
        if (v == 0) {
            return row.wasNull() ? null : Boolean.FALSE;
        }
        return Boolean.TRUE;
    }

    @Override
    public Boolean coerce(Object value) {
        return value instanceof Number n ? Boolean.valueOf(n.longValue() != 0) : super.coerce(value);
    }
}
