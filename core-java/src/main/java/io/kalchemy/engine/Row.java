package io.kalchemy.engine;

import io.kalchemy.errors.ArgumentError;
import io.kalchemy.sql.Expression;
import io.kalchemy.types.SqlType;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One result row, its values already read through each column's type. Address a value by
 * position, by key (label or column name) or by the selected expression:
 * {@code row.get(users.email)}. Immutable; safe to keep after the result is closed.
 */
public final class Row {
    private final ResultMetadata metadata;
    private final Object[] values;

    /** A row of {@code metadata}'s shape holding {@code values} (not copied; do not change them afterwards). */
    public Row(ResultMetadata metadata, Object[] values) {
        this.metadata = metadata;
        this.values = values;
    }

    /** The value at {@code index} (0-based). */
    public Object get(int index) {
        if (index < 0 || index >= values.length) {
            throw new ArgumentError("row has " + values.length + " columns; index " + index + " is out of range");
        }
        return values[index];
    }

    /** The value keyed {@code key}. */
    public Object get(String key) {
        return values[metadata.indexOf(key)];
    }

    /** The value of the selected {@code expression}, typed by it. */
    @SuppressWarnings("unchecked")
    public <T> T get(Expression<T> expression) {
        return (T) values[metadata.indexOf(expression)];
    }

    /**
     * The value at {@code index} as {@code type}, converting untyped values (from {@code text()}).
     *
     * @throws io.kalchemy.errors.DataError when the value cannot be converted
     */
    public <T> T get(int index, SqlType<T> type) {
        return type.coerce(get(index));
    }

    /** The value keyed {@code key} as {@code type}, converting untyped values. */
    public <T> T get(String key, SqlType<T> type) {
        return type.coerce(get(key));
    }

    /**
     * The value at {@code index} cast to {@code javaType}.
     *
     * @throws ArgumentError when the value is of another class
     */
    public <T> T get(int index, Class<T> javaType) {
        Object v = get(index);
        if (v != null && !javaType.isInstance(v)) {
            throw new ArgumentError("column " + metadata.key(index) + " holds " + v.getClass().getSimpleName()
                    + ", not " + javaType.getSimpleName());
        }
        return javaType.cast(v);
    }

    /** The backing array of values, for the ORM's loaders: no copy is made, so never modify it. */
    public Object[] rawValues() {
        return values;
    }

    /** The number of columns. */
    public int size() {
        return values.length;
    }

    /** The column keys in order. */
    public List<String> keys() {
        return metadata.keys();
    }

    /** The shared shape of this row's result. */
    public ResultMetadata metadata() {
        return metadata;
    }

    /** The values in order (a copy). */
    public List<Object> values() {
        return Arrays.asList(values.clone());
    }

    /** Key → value, in column order; for duplicate keys the first column wins. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            m.putIfAbsent(metadata.key(i), values[i]);
        }
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Row r && Arrays.deepEquals(values, r.values);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(values);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            Object v = values[i];
            sb.append(v instanceof String ? "'" + v + "'" : v instanceof byte[] b ? "<" + b.length + " bytes>" : v);
        }
        return sb.append(')').toString();
    }
}
