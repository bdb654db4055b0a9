package io.kalchemy.types;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/** {@code Integer} stored as SQLite INTEGER. */
final class IntegerType extends BaseType<Integer> {
    IntegerType() {
        super(Integer.class, "INTEGER");
    }

    @Override
    public void bind(PreparedStatement statement, int index, Integer value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.INTEGER);
        } else {
            statement.setInt(index, value);
        }
    }

    @Override
    public Integer read(ResultSet row, int index) throws SQLException {
        int v = row.getInt(index);
        return v == 0 && row.wasNull() ? null : v;
    }

    @Override
    public Integer coerce(Object value) {
        return value instanceof Number n ? Integer.valueOf(Math.toIntExact(n.longValue())) : super.coerce(value);
    }
}
