package io.kalchemy.types;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/**
 * Values whose type is not known (raw {@code text()} results): bound by the value's class, read
 * with getObject, except that SQLite INTEGER values are always {@code Long} (the driver would
 * return {@code Integer} or {@code Long} depending on the magnitude).
 */
final class AnyType extends BaseType<Object> {
    AnyType() {
        super(Object.class, "");
    }

    @Override
    public void bind(PreparedStatement statement, int index, Object value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.NULL);
        } else {
            SqlTypes.bindInferred(statement, index, value);
        }
    }

    @Override
    public Object read(ResultSet row, int index) throws SQLException {
        Object value = row.getObject(index);
        return value instanceof Integer i ? (Object) i.longValue() : value;
    }
}
