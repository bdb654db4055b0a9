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
    private final Map<String, Integer> byKey = new HashMap<>();
    private final Map<Expression<?>, Integer> bySource = new IdentityHashMap<>();

    /** The shape of a result with {@code columns}, in order. */
    public ResultMetadata(List<ResultColumn> columns) {
        this.columns = List.copyOf(columns);
        int n = columns.size();
        keys = new String[n];
        types = new SqlType<?>[n];
        for (int i = 0; i < n; i++) {
            ResultColumn c = columns.get(i);
            keys[i] = c.name();
            types[i] = c.type();
            byKey.putIfAbsent(c.name(), i);
            byKey.putIfAbsent(c.name().toLowerCase(Locale.ROOT), i);
            if (c.source() != null) {
                bySource.putIfAbsent(c.source(), i);
                if (c.source() instanceof Label<?> l) {
                    bySource.putIfAbsent(l.expression(), i);
                }
            }
        }
    }

    /** Column {@code index}'s description. */
    public ResultColumn column(int index) {
        return columns.get(index);
    }

    /** The position of the column that selected {@code expression}, or null. */
    public Integer indexOfOrNull(Expression<?> expression) {
        return bySource.get(expression);
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
        Integer i = bySource.get(expression);
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
