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
        // getLong would read 1.5 as 1, 1e19 as Long.MAX_VALUE and 'abc' as 0: the storage class decides
        Object stored = row.getObject(index);
        if (stored instanceof Long l) {
            return l;
        }
        return stored == null ? null : exactLong(stored);
    }

    @Override
    public Long coerce(Object value) {
        return value instanceof Number n ? Long.valueOf(n.longValue()) : super.coerce(value);
    }
}
