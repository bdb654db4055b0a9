package io.kalchemy.types;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/** {@code Long} stored as SQLite INTEGER (64-bit); the type of rowid primary keys. */
final class LongType extends BaseType<Long> {
    LongType() {
        super(Long.class, "INTEGER");
    }

    @Override
    public void bind(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    @Override
    public Long read(ResultSet row, int index) throws SQLException {
        long v = row.getLong(index);
        return v == 0 && row.wasNull() ? null : v;
    }

    @Override
    public Long coerce(Object value) {
        return value instanceof Number n ? Long.valueOf(n.longValue()) : super.coerce(value);
    }
}
