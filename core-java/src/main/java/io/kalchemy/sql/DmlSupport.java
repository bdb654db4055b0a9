package io.kalchemy.sql;

import io.kalchemy.errors.ArgumentError;

import java.util.LinkedHashMap;
import java.util.Map;

/** Checks and binds the column → value assignments INSERT, UPDATE and upserts share. */
final class DmlSupport {
    private DmlSupport() {
    }

    /** Ensures {@code column} belongs to {@code table}; names both when it does not. */
    static void requireColumnOf(NamedTable table, ColumnExpression<?> column, String statement) {
        if (column == null) {
            throw new ArgumentError(statement + " on table " + table.name() + ": column must not be null");
        }
        if (column.from() != table) {
            throw new ArgumentError(statement + " on table " + table.name() + ": " + Operators.describe(column)
                    + " belongs to another table");
        }
    }

    /** The value as an expression: expressions stay, plain values are bound with the column's type. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Expression<?> valueFor(ColumnExpression<?> column, Object value) {
        if (value instanceof Expression<?> e) {
            return e;
        }
        return Operators.bindFor((Expression) column, value);
    }

    /** Checks every column and binds every value of {@code assignments}, keeping their order. */
    static Map<ColumnExpression<?>, Expression<?>> assignments(NamedTable table, Map<? extends ColumnExpression<?>, ?> assignments,
                                                              String statement) {
        if (assignments == null) {
            throw new ArgumentError(statement + " on table " + table.name() + ": values must not be null");
        }
        Map<ColumnExpression<?>, Expression<?>> out = new LinkedHashMap<>();
        for (Map.Entry<? extends ColumnExpression<?>, ?> e : assignments.entrySet()) {
            requireColumnOf(table, e.getKey(), statement);
            out.put(e.getKey(), valueFor(e.getKey(), e.getValue()));
        }
        return out;
    }
}
