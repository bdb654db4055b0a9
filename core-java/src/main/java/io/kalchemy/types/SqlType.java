package io.kalchemy.types;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * How one Java type is stored: the declared column type used in DDL, and how a value is bound
 * to a statement parameter and read back from a result column. The built-in types
 * ({@link SqlTypes}) describe the storage SQLite uses; a dialect that stores a logical type
 * differently maps it to its own type through its {@code io.kalchemy.dialect.TypeMap}, and
 * {@link #withVariant} chooses another type for one database, the way SQLAlchemy's
 * {@code with_variant} does.
 *
 * <p>Implementations are immutable and thread-safe; {@link #bind} and {@link #read} sit on the
 * hot path of every statement, so they call JDBC's typed setters and getters directly.
 * Both accept SQL NULL: {@code bind} is given {@code null} for NULL, {@code read} returns
 * {@code null} for NULL. Build your own type on top of an existing one with
 * {@link TypeDecorator}.
 *
 * @param <T> the Java type of values
 */
public interface SqlType<T> {
    /** The Java class of values of this type. */
    Class<T> javaType();

    /** The declared type used in {@code CREATE TABLE}, e.g. {@code INTEGER} or {@code VARCHAR(100)}. */
    String ddl();

    /**
     * Binds {@code value} (possibly null) to parameter {@code index} (1-based).
     *
     * @throws SQLException when the driver refuses the value
     * @throws io.kalchemy.errors.DataError when the value cannot be stored in this type's format
     */
    void bind(PreparedStatement statement, int index, T value) throws SQLException;

    /**
     * Reads column {@code index} (1-based) of the current row, or null for SQL NULL.
     *
     * @throws SQLException when the driver fails
     * @throws io.kalchemy.errors.DataError when the stored value is not in a format this type reads
     */
    T read(ResultSet row, int index) throws SQLException;

    /**
     * Converts a value that came from somewhere untyped (a {@code text()} result, a JDBC
     * {@code getObject}) into this type. The default accepts instances of {@link #javaType()}.
     *
     * @throws io.kalchemy.errors.DataError when the value cannot be converted
     */
    default T coerce(Object value) {
        if (value == null) {
            return null;
        }
        if (javaType().isInstance(value)) {
            return javaType().cast(value);
        }
        throw new io.kalchemy.errors.DataError("cannot convert " + value.getClass().getSimpleName()
                + " value '" + value + "' to " + javaType().getSimpleName() + " (SQL type " + ddl() + ")");
    }

    /**
     * This type, stored as {@code variant} on the database whose dialect is named {@code dialect}
     * (e.g. {@code "sqlite"}, {@code "postgresql"}), as SQLAlchemy's {@code with_variant}.
     *
     * @throws io.kalchemy.errors.ArgumentError when {@code variant} holds another Java type
     */
    default SqlType<T> withVariant(SqlType<T> variant, String dialect) {
        return new VariantType<>(this, java.util.Map.of()).withVariant(variant, dialect);
    }
}
