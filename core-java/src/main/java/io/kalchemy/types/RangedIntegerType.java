package io.kalchemy.types;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.function.LongFunction;

/**
 * {@code Short} or {@code Byte} stored as SQLite INTEGER; a stored value outside the Java type's
 * range is a {@link io.kalchemy.errors.DataError}, never silently wrapped.
 */
final class RangedIntegerType<T extends Number> extends BaseType<T> {
    private final long min;
    private final long max;
    private final LongFunction<T> box;

    RangedIntegerType(Class<T> javaType, long min, long max, LongFunction<T> box) {
        super(javaType, "INTEGER");
        this.min = min;
        this.max = max;
        this.box = box;
    }

    @Override
    public void bind(PreparedStatement statement, int index, T value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.INTEGER);
        } else {
            statement.setInt(index, value.intValue());
        }
    }

    @Override
    public T read(ResultSet row, int index) throws SQLException {
        Object stored = row.getObject(index);
        if (stored == null) {
            return null;
        }
        long v = exactLong(stored);
        if (v < min || v > max) {
            throw notExact(stored, "it is outside the " + javaType().getSimpleName() + " range " + min + ".." + max);
        }
        return box.apply(v);
    }

    @Override
    public T coerce(Object value) {
        if (javaType().isInstance(value)) {
            return javaType().cast(value);
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            long v = ((Number) value).longValue();
            if (v < min || v > max) {
                throw new io.kalchemy.errors.DataError(value + " does not fit " + javaType().getSimpleName() + " (" + min + ".." + max + ")");
            }
            return box.apply(v);
        }
        return super.coerce(value);
    }
}
