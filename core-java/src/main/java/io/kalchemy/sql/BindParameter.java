package io.kalchemy.sql;

import io.kalchemy.errors.ArgumentError;
import io.kalchemy.types.SqlType;
import io.kalchemy.types.SqlTypes;

import java.util.function.Supplier;

/**
 * A {@code ?} parameter: either carries its value, or is a named placeholder whose value is
 * given at execution ({@code connection.execute(stmt, Map.of("id", 5))}), or draws its value
 * from a supplier at each execution (column defaults). A named parameter that also carries a
 * value uses the value unless the execution supplies one by that name.
 *
 * @param <T> the Java type of the value
 */
public final class BindParameter<T> implements Expression<T> {
    private final String name;
    private final T value;
    private final boolean hasValue;
    private final Supplier<? extends T> supplier;
    private final SqlType<T> type;

    private BindParameter(String name, T value, boolean hasValue, Supplier<? extends T> supplier, SqlType<T> type) {
        if (type == null) {
            throw new ArgumentError("bind parameter " + (name == null ? "" : "'" + name + "' ") + "needs a type");
        }
        this.name = name;
        this.value = value;
        this.hasValue = hasValue;
        this.supplier = supplier;
        this.type = type;
    }

    /** An anonymous parameter carrying {@code value}. */
    public static <T> BindParameter<T> value(T value, SqlType<T> type) {
        return new BindParameter<>(null, value, true, null, type);
    }

    /** A named placeholder; its value comes from the execution's parameters. */
    public static <T> BindParameter<T> named(String name, SqlType<T> type) {
        if (name == null || name.isEmpty()) {
            throw new ArgumentError("a named bind parameter needs a non-empty name");
        }
        return new BindParameter<>(name, null, false, null, type);
    }

    /** A named parameter with a value that an execution may override by name. */
    public static <T> BindParameter<T> named(String name, T value, SqlType<T> type) {
        return new BindParameter<>(name, value, true, null, type);
    }

    /** A parameter whose value is drawn from {@code supplier} each time the statement runs. */
    public static <T> BindParameter<T> supplied(String name, Supplier<? extends T> supplier, SqlType<T> type) {
        return new BindParameter<>(name, null, false, supplier, type);
    }

    /** An untyped named placeholder: the value is bound by its Java class. */
    public static BindParameter<Object> named(String name) {
        return named(name, SqlTypes.ANY);
    }

    /** The parameter's name, or null when anonymous. */
    public String name() {
        return name;
    }

    /** True when the parameter carries a value (which may be null). */
    public boolean hasValue() {
        return hasValue;
    }

    /** The carried value (null when none). */
    public T value() {
        return value;
    }

    /** The supplier of per-execution values, or null. */
    public Supplier<? extends T> supplier() {
        return supplier;
    }

    @Override
    public SqlType<T> type() {
        return type;
    }

    @Override
    public void accept(SqlVisitor visitor) {
        visitor.visitBind(this);
    }

    @Override
    public String toString() {
        return name != null ? ":" + name : "?(" + value + ")";
    }
}
