package io.kalchemy.types;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A user-defined type stored through another type, as SQLAlchemy's {@code TypeDecorator}:
 * subclass it, say how a value becomes the stored form and back, and use it wherever a
 * {@link SqlType} is accepted.
 *
 * <pre>{@code
 * final class MoneyType extends TypeDecorator<Money, Long> {
 *     MoneyType() { super(Money.class, SqlTypes.LONG); }
 *     protected Long toDatabase(Money m) { return m.cents(); }
 *     protected Money fromDatabase(Long cents) { return new Money(cents); }
 * }
 * }</pre>
 *
 * <p>Neither conversion is called for null. Implementations must be thread-safe.
 *
 * @param <T> the Java type the user sees
 * @param <S> the Java type of the underlying stored type
 */
public abstract class TypeDecorator<T, S> implements SqlType<T> {
    private final Class<T> javaType;
    private final SqlType<S> impl;

    /**
     * Creates the decorator.
     *
     * @param javaType the user-facing Java class
     * @param impl the type the values are stored as
     */
    protected TypeDecorator(Class<T> javaType, SqlType<S> impl) {
        this.javaType = javaType;
        this.impl = impl;
    }

    /** Converts a non-null user value into the stored form. */
    protected abstract S toDatabase(T value);

    /** Converts a non-null stored value back into the user's type. */
    protected abstract T fromDatabase(S value);

    /** The type the values are stored as. */
    public final SqlType<S> impl() {
        return impl;
    }

    @Override
    public final Class<T> javaType() {
        return javaType;
    }

    /** The stored type's DDL unless overridden. */
    @Override
    public String ddl() {
        return impl.ddl();
    }

    @Override
    public final void bind(PreparedStatement statement, int index, T value) throws SQLException {
        impl.bind(statement, index, value == null ? null : toDatabase(value));
    }

    @Override
    public final T read(ResultSet row, int index) throws SQLException {
        S stored = impl.read(row, index);
        return stored == null ? null : fromDatabase(stored);
    }

    @Override
    public T coerce(Object value) {
        if (value == null || javaType.isInstance(value)) {
            return javaType.cast(value);
        }
        return fromDatabase(impl.coerce(value));
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + impl + ")";
    }
}
