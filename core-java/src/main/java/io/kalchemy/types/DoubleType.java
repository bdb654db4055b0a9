package io.kalchemy.types;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/** {@code Double} stored as SQLite REAL (IEEE 754 double). */
final class DoubleType extends BaseType<Double> {
    DoubleType() {
        super(Double.class, "REAL");
    }

    @Override
    public void bind(PreparedStatement statement, int index, Double value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.DOUBLE);
        } else if (value.isNaN()) {
            throw new io.kalchemy.errors.DataError("NaN cannot be stored: SQLite turns it into NULL; store null, or a"
                    + " sentinel of your own, instead");
        } else {
            statement.setDouble(index, value);
        }
    }

    @Override
    public Double read(ResultSet row, int index) throws SQLException {
        Object stored = row.getObject(index);
        if (stored instanceof Double d) {
            return d;
        }
        return stored == null ? null : exactDouble(stored);
    }

    @Override
    public Double coerce(Object value) {
        return value instanceof Number n ? Double.valueOf(n.doubleValue()) : super.coerce(value);
    }
}
