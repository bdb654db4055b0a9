package io.kalchemy.types;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/**
 * {@code Float} stored as SQLite REAL (the float widened to a double, exactly); a stored double
 * that a float cannot hold exactly is a {@link io.kalchemy.errors.DataError}, not silently rounded.
 */
final class FloatType extends BaseType<Float> {
    FloatType() {
        super(Float.class, "REAL");
    }

    @Override
    public void bind(PreparedStatement statement, int index, Float value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.DOUBLE);
        } else if (value.isNaN()) {
            throw new io.kalchemy.errors.DataError("NaN cannot be stored: SQLite turns it into NULL; store null instead");
        } else {
            statement.setDouble(index, value.doubleValue());
        }
    }

    @Override
    public Float read(ResultSet row, int index) throws SQLException {
        Object stored = row.getObject(index);
        if (stored == null) {
            return null;
        }
        double d = exactDouble(stored);
        float f = (float) d;
        if (f != d && !(Double.isInfinite(d) && Float.isInfinite(f))) {
            throw notExact(stored, "a float cannot hold it exactly");
        }
        return f;
    }

    @Override
    public Float coerce(Object value) {
        return value instanceof Number n ? Float.valueOf(n.floatValue()) : super.coerce(value);
    }
}
