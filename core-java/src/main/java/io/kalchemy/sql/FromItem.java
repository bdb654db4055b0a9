package io.kalchemy.sql;

import io.kalchemy.errors.ArgumentError;

import java.util.List;

/**
 * Something a SELECT reads from: a table, a table alias, a join, or a subquery. Selecting a
 * FROM item selects all of its columns.
 */
public interface FromItem extends SqlNode, SelectItem {
    /** The name this item is referred to by in SQL (table name or alias), or null for a join. */
    String name();

    /** The item's columns in order. */
    List<? extends ColumnExpression<?>> columns();

    /**
     * The column named {@code name}.
     *
     * @throws ArgumentError naming this item and the column when there is none
     */
    @SuppressWarnings("unchecked")
    default <T> ColumnExpression<T> column(String name) {
        for (ColumnExpression<?> c : columns()) {
            if (c.name().equals(name)) {
                return (ColumnExpression<T>) c;
            }
        }
        for (ColumnExpression<?> c : columns()) {
            if (c.name().equalsIgnoreCase(name)) {
                return (ColumnExpression<T>) c;
            }
        }
        throw new ArgumentError((name() == null ? "join" : "'" + name() + "'") + " has no column '" + name
                + "'; columns are " + columns().stream().map(ColumnExpression::name).toList());
    }

    /**
     * The ON condition that joins this item to {@code other} through their foreign keys, or null
     * when they have none (or more than one, which would be ambiguous).
     */
    default Expression<Boolean> joinConditionTo(FromItem other) {
        return null;
    }

    /** True when {@code candidate} is this item or is contained in it (for joins). */
    default boolean covers(FromItem candidate) {
        return candidate == this;
    }

    @Override
    default List<? extends Expression<?>> expand() {
        return columns();
    }
}
