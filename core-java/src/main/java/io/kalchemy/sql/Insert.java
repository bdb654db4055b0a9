package io.kalchemy.sql;

import io.kalchemy.errors.ArgumentError;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An immutable INSERT: one row ({@link #value}, {@link #values(Map)}), several rows in one
 * statement ({@link #values(List)}), rows from a SELECT, or, with no values at all, a statement
 * run once per parameter map ({@code connection.executeMany(insert(users), rows)}). Supports
 * {@code RETURNING} and SQLite's upsert ({@code ON CONFLICT}).
 *
 * <p>Columns not given a value get the column's client-side default if it has one, else
 * whatever the database does (server default, NULL, rowid).
 */
public final class Insert extends StatementBase {
    private final NamedTable table;
    private final List<Map<ColumnExpression<?>, Expression<?>>> rows;
    private final List<ColumnExpression<?>> selectColumns;
    private final Select fromSelect;
    private final List<SelectItem> returning;
    private final OnConflict onConflict;
    private final Map<List<String>, Insert> byParameterKeys = new ConcurrentHashMap<>();

    Insert(NamedTable table) {
        this(table, List.of(), List.of(), null, List.of(), null);
    }

    private Insert(NamedTable table, List<Map<ColumnExpression<?>, Expression<?>>> rows, List<ColumnExpression<?>> selectColumns,
                   Select fromSelect, List<SelectItem> returning, OnConflict onConflict) {
        if (table == null) {
            throw new ArgumentError("insert() needs a table");
        }
        this.table = table;
        this.rows = rows;
        this.selectColumns = selectColumns;
        this.fromSelect = fromSelect;
        this.returning = returning;
        this.onConflict = onConflict;
    }

    /** A copy that sets {@code column} to {@code value} in its (single) row. */
    public <T> Insert value(ColumnExpression<T> column, T value) {
        return withValue(column, DmlSupport.valueFor(column, value));
    }

    /** A copy that sets {@code column} to an expression in its (single) row. */
    public <T> Insert value(ColumnExpression<T> column, Expression<? extends T> value) {
        return withValue(column, value);
    }

    private Insert withValue(ColumnExpression<?> column, Expression<?> value) {
        DmlSupport.requireColumnOf(table, column, "insert");
        if (rows.size() > 1) {
            throw new ArgumentError("insert into " + table.name() + " has several rows; value() sets a single row");
        }
        Map<ColumnExpression<?>, Expression<?>> row = new LinkedHashMap<>(rows.isEmpty() ? Map.of() : rows.get(0));
        row.put(column, value);
        return new Insert(table, List.of(row), selectColumns, fromSelect, returning, onConflict);
    }

    /** A copy whose single row sets each column of {@code row} to its value (or expression). */
    public Insert values(Map<? extends ColumnExpression<?>, ?> row) {
        return new Insert(table, List.of(DmlSupport.assignments(table, row, "insert")), selectColumns, fromSelect, returning, onConflict);
    }

    /**
     * A copy inserting all {@code rows} in one multi-row statement; every row must set the same
     * columns.
     *
     * @throws ArgumentError when the list is empty or rows set different columns
     */
    public Insert values(List<? extends Map<? extends ColumnExpression<?>, ?>> rows) {
        if (rows == null || rows.isEmpty()) {
            throw new ArgumentError("insert into " + table.name() + ": values(List) needs at least one row");
        }
        List<Map<ColumnExpression<?>, Expression<?>>> out = new ArrayList<>(rows.size());
        for (Map<? extends ColumnExpression<?>, ?> r : rows) {
            Map<ColumnExpression<?>, Expression<?>> row = DmlSupport.assignments(table, r, "insert");
            if (!out.isEmpty() && !out.get(0).keySet().equals(row.keySet())) {
                throw new ArgumentError("insert into " + table.name() + ": row " + out.size() + " sets columns "
                        + names(row.keySet()) + " but row 0 sets " + names(out.get(0).keySet()));
            }
            out.add(row);
        }
        return new Insert(table, List.copyOf(out), selectColumns, fromSelect, returning, onConflict);
    }

    private static List<String> names(Collection<ColumnExpression<?>> cols) {
        return cols.stream().map(ColumnExpression::name).toList();
    }

    /** A copy inserting the rows of {@code select} into {@code columns}. */
    public Insert fromSelect(List<? extends ColumnExpression<?>> columns, Select select) {
        for (ColumnExpression<?> c : columns) {
            DmlSupport.requireColumnOf(table, c, "insert from select");
        }
        if (select.expandedColumns().size() != columns.size()) {
            throw new ArgumentError("insert into " + table.name() + " from select: " + columns.size()
                    + " columns but the select returns " + select.expandedColumns().size());
        }
        return new Insert(table, List.of(), List.copyOf(columns), select, returning, onConflict);
    }

    /** A copy with {@code RETURNING items}; executing it yields the inserted rows' values. */
    public Insert returning(SelectItem... items) {
        return new Insert(table, rows, selectColumns, fromSelect, List.copyOf(Arrays.asList(items)), onConflict);
    }

    /** A copy with {@code ON CONFLICT [(target)] DO NOTHING}. */
    public Insert onConflictDoNothing(ColumnExpression<?>... target) {
        for (ColumnExpression<?> c : target) {
            DmlSupport.requireColumnOf(table, c, "on conflict");
        }
        return new Insert(table, rows, selectColumns, fromSelect, returning,
                new OnConflict(List.copyOf(Arrays.asList(target)), Map.of(), null));
    }

    /**
     * A copy with {@code ON CONFLICT (target) DO UPDATE SET set}. Values in {@code set} may be
     * plain values or expressions such as {@link Sql#excluded(ColumnExpression)}.
     */
    public Insert onConflictDoUpdate(List<? extends ColumnExpression<?>> target, Map<? extends ColumnExpression<?>, ?> set) {
        return onConflictDoUpdate(target, set, null);
    }

    /** As {@link #onConflictDoUpdate(List, Map)}, updating only where {@code where} holds. */
    public Insert onConflictDoUpdate(List<? extends ColumnExpression<?>> target, Map<? extends ColumnExpression<?>, ?> set,
                                     Expression<Boolean> where) {
        if (target == null || target.isEmpty()) {
            throw new ArgumentError("on conflict do update on " + table.name() + " needs the conflicting columns");
        }
        for (ColumnExpression<?> c : target) {
            DmlSupport.requireColumnOf(table, c, "on conflict");
        }
        Map<ColumnExpression<?>, Expression<?>> assignments = DmlSupport.assignments(table, set, "on conflict do update");
        if (assignments.isEmpty()) {
            throw new ArgumentError("on conflict do update on " + table.name() + " needs at least one column to set");
        }
        return new Insert(table, rows, selectColumns, fromSelect, returning,
                new OnConflict(List.copyOf(target), Map.copyOf(assignments), where));
    }

    /**
     * This INSERT with one named parameter per key (a column name), for running once per
     * parameter map. Memoized per key list, so repeated batches compile once.
     *
     * @throws ArgumentError when a key is not a column of the table, or this insert has values
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Insert withParameters(List<String> keys) {
        if (!rows.isEmpty() || fromSelect != null) {
            throw new ArgumentError("insert into " + table.name() + " already has values; run it with execute(), not per parameter set");
        }
        return byParameterKeys.computeIfAbsent(List.copyOf(keys), k -> {
            Map<ColumnExpression<?>, Expression<?>> row = new LinkedHashMap<>();
            for (String key : k) {
                ColumnExpression<?> c = table.column(key);
                row.put(c, BindParameter.named(key, (io.kalchemy.types.SqlType) c.type()));
            }
            return new Insert(table, List.of(row), selectColumns, fromSelect, returning, onConflict);
        });
    }

    /** The target table. */
    public NamedTable table() {
        return table;
    }

    /** The rows to insert (empty when none were given). */
    public List<Map<ColumnExpression<?>, Expression<?>>> rows() {
        return rows;
    }

    /** Target columns of INSERT ... SELECT (empty otherwise). */
    public List<ColumnExpression<?>> selectColumns() {
        return selectColumns;
    }

    /** The SELECT of INSERT ... SELECT, or null. */
    public Select fromSelect() {
        return fromSelect;
    }

    /** The RETURNING items (empty for none). */
    public List<SelectItem> returning() {
        return returning;
    }

    /** The upsert clause, or null. */
    public OnConflict onConflict() {
        return onConflict;
    }

    @Override
    public void accept(SqlVisitor visitor) {
        visitor.visitInsert(this);
    }
}
