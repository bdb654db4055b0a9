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

    /**
     * This decorator storing its values through {@code storage} instead of {@link #impl()}: the
     * same conversions, for a database that stores the underlying logical type differently. A
     * dialect's type map calls it; the declared type is {@code storage}'s unless this class
     * overrides {@link #ddl()}.
     */
    public final TypeDecorator<T, S> adaptedTo(SqlType<S> storage) {
        return storage == impl ? this : new Adapted<>(this, storage);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + impl + ")";
    }

    /** A decorator's conversions over another storage type (see {@link #adaptedTo}). */
    private static final class Adapted<T, S> extends TypeDecorator<T, S> {
        private final TypeDecorator<T, S> original;
        private final String ddl;

        Adapted(TypeDecorator<T, S> original, SqlType<S> storage) {
            super(original.javaType(), storage);
            this.original = original;
            this.ddl = overridesDdl(original) ? original.ddl() : storage.ddl();
        }

        // resolved once per adaptation (at compile time), never per value
        private static boolean overridesDdl(TypeDecorator<?, ?> decorator) {
            try {
                return decorator.getClass().getMethod("ddl").getDeclaringClass() != TypeDecorator.class;
            } catch (NoSuchMethodException e) {
                return false;
            }
        }

        @Override
        protected S toDatabase(T value) {
            return original.toDatabase(value);
        }

        @Override
        protected T fromDatabase(S value) {
            return original.fromDatabase(value);
        }

        @Override
        public String ddl() {
            return ddl;
        }

        @Override
        public T coerce(Object value) {
            return original.coerce(value);
        }

        @Override
        public String toString() {
            return original + " stored as " + impl();
        }
    }
}
