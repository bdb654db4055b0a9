package io.kalchemy.types;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A type that stores its values exactly as {@link #delegate()} does; subclasses override only
 * what differs (the declared type, coercion), as Guava's forwarding collections do. Immutable and
 * thread-safe when the delegate is.
 *
 * @param <T> the Java type of values
 */
public abstract class ForwardingType<T> implements SqlType<T> {
    /** The type values are bound, read and coerced through. */
    protected abstract SqlType<T> delegate();

    @Override
    public Class<T> javaType() {
        return delegate().javaType();
    }

    @Override
    public String ddl() {
        return delegate().ddl();
    }

    @Override
    public void bind(PreparedStatement statement, int index, T value) throws SQLException {
        delegate().bind(statement, index, value);
    }

    @Override
    public T read(ResultSet row, int index) throws SQLException {
        return delegate().read(row, index);
    }

    @Override
    public T coerce(Object value) {
        return delegate().coerce(value);
    }
}
