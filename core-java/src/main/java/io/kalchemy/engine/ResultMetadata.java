package io.kalchemy.engine;

import io.kalchemy.dialect.ResultColumn;
import io.kalchemy.errors.ArgumentError;
import io.kalchemy.sql.Expression;
import io.kalchemy.sql.Label;
import io.kalchemy.types.SqlType;

import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The shape of a result shared by all its rows: column keys, types, and lookup of a column's
 * position by key or by the expression that was selected. Immutable.
 */
public final class ResultMetadata {
    private final String[] keys;
    private final SqlType<?>[] types;
    private final List<ResultColumn> columns;
    private final Map<String, Integer> byKey;
    private final List<? extends Expression<?>> sources;
    /** Built at the first lookup by expression: most results are never asked. */
    private volatile Map<Expression<?>, Integer> bySource;

    /** The shape of a result with {@code columns}, in order. */
    public ResultMetadata(List<ResultColumn> columns) {
        this.columns = List.copyOf(columns);
        int n = columns.size();
        keys = new String[n];
        types = new SqlType<?>[n];
        byKey = new HashMap<>();
        List<Expression<?>> selected = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ResultColumn c = columns.get(i);
            keys[i] = c.name();
            types[i] = c.type();
            byKey.putIfAbsent(c.name(), i);
            byKey.putIfAbsent(c.name().toLowerCase(Locale.ROOT), i);
            selected.add(c.source());
        }
        sources = selected;
    }

    private ResultMetadata(ResultMetadata shape, List<? extends Expression<?>> sources) {
        this.columns = shape.columns;
        this.keys = shape.keys;
        this.types = shape.types;
        this.byKey = shape.byKey;
        this.sources = sources;
    }

    /**
     * The same result shape for another statement of the same shape, whose select-list
     * expressions are {@code sources} (one per column): lookups by expression use them.
     */
    public ResultMetadata withSources(List<? extends Expression<?>> sources) {
        return new ResultMetadata(this, sources);
    }

    private Map<Expression<?>, Integer> bySource() {
        Map<Expression<?>, Integer> m = bySource;
        if (m == null) {
            m = new IdentityHashMap<>();
            for (int i = 0; i < sources.size(); i++) {
                Expression<?> source = sources.get(i);
                if (source != null) {
                    m.putIfAbsent(source, i);
                    if (source instanceof Label<?> l) {
                        m.putIfAbsent(l.expression(), i);
                    }
                }
            }
            bySource = m;
        }
        return m;
    }

    /** Column {@code index}'s description. */
    public ResultColumn column(int index) {
        return columns.get(index);
    }

    /** The position of the column that selected {@code expression}, or null. */
    public Integer indexOfOrNull(Expression<?> expression) {
        return bySource().get(expression);
    }

    /** The number of columns. */
    public int size() {
        return keys.length;
    }

    /** The column keys in order. */
    public List<String> keys() {
        return Arrays.asList(keys.clone());
    }

    /** The key of column {@code index} (0-based). */
    public String key(int index) {
        return keys[index];
    }

    SqlType<?> type(int index) {
        return types[index];
    }

    SqlType<?>[] types() {
        return types;
    }

    /**
     * The position of the column keyed {@code key} (exact, then case-insensitive).
     *
     * @throws ArgumentError naming the key and the available keys when there is none
     */
    public int indexOf(String key) {
        Integer i = byKey.get(key);
        if (i == null) {
            i = byKey.get(key.toLowerCase(Locale.ROOT));
        }
        if (i == null) {
            throw new ArgumentError("result has no column '" + key + "'; columns are " + keys());
        }
        return i;
    }

    /**
     * The position of the column that selected {@code expression}.
     *
     * @throws ArgumentError when it was not selected
     */
    public int indexOf(Expression<?> expression) {
        Integer i = bySource().get(expression);
        if (i == null) {
            String name = io.kalchemy.sql.Select.columnName(expression);
            if (name != null && byKey.containsKey(name)) {
                return byKey.get(name);
            }
            throw new ArgumentError("result does not contain " + expression + "; columns are " + keys());
        }
        return i;
    }
}
