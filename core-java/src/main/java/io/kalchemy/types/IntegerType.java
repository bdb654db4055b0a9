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
        // getInt would truncate 3000000000 or 2.5, and read 'abc' as 0: the storage class decides
        Object stored = row.getObject(index);
        if (stored instanceof Integer i) {
            return i;
        }
        if (stored == null) {
            return null;
        }
        long v = exactLong(stored);
        if (v != (int) v) {
            throw notExact(stored, "it is outside the 32-bit Int range");
        }
        return (int) v;
    }

    @Override
    public Integer coerce(Object value) {
        return value instanceof Number n ? Integer.valueOf(Math.toIntExact(n.longValue())) : super.coerce(value);
    }
}
