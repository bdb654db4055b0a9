package io.kalchemy.sql;

import io.kalchemy.errors.ArgumentError;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable UPDATE: {@code update(users).set(users.name, "Bob").where(users.id.eq(5))}.
 * Without WHERE it updates every row, as SQL does. Supports RETURNING.
 */
public final class Update extends StatementBase {
    private final NamedTable table;
    private final Map<ColumnExpression<?>, Expression<?>> values;
    private final List<Expression<Boolean>> where;
    private final List<SelectItem> returning;

    Update(NamedTable table) {
        this(table, Map.of(), List.of(), List.of());
    }

    private Update(NamedTable table, Map<ColumnExpression<?>, Expression<?>> values, List<Expression<Boolean>> where,
                   List<SelectItem> returning) {
        if (table == null) {
            throw new ArgumentError("update() needs a table");
        }
        this.table = table;
        this.values = values;
        this.where = where;
        this.returning = returning;
    }

    /** A copy that sets {@code column} to {@code value}. */
    public <T> Update set(ColumnExpression<T> column, T value) {
        return with(column, DmlSupport.valueFor(column, value));
    }

    /** A copy that sets {@code column} to an expression (e.g. {@code users.visits.plus(1)}). */
    public <T> Update set(ColumnExpression<T> column, Expression<? extends T> value) {
        return with(column, value);
    }

    /** A copy that sets each column of {@code assignments}. */
    public Update values(Map<? extends ColumnExpression<?>, ?> assignments) {
        Map<ColumnExpression<?>, Expression<?>> next = new LinkedHashMap<>(values);
        next.putAll(DmlSupport.assignments(table, assignments, "update"));
        return new Update(table, next, where, returning);
    }

    private Update with(ColumnExpression<?> column, Expression<?> value) {
        DmlSupport.requireColumnOf(table, column, "update");
        Map<ColumnExpression<?>, Expression<?>> next = new LinkedHashMap<>(values);
        next.put(column, value);
        return new Update(table, next, where, returning);
    }

    /** A copy with the conditions added to WHERE (combined with AND). */
    @SafeVarargs
    public final Update where(Expression<Boolean>... conditions) {
        List<Expression<Boolean>> next = new ArrayList<>(where);
        next.addAll(Arrays.asList(conditions));
        return new Update(table, values, List.copyOf(next), returning);
    }

    /** A copy with {@code RETURNING items}. */
    public Update returning(SelectItem... items) {
        return new Update(table, values, where, List.copyOf(Arrays.asList(items)));
    }

    /** The target table. */
    public NamedTable table() {
        return table;
    }

    /** The assignments in order. */
    public Map<ColumnExpression<?>, Expression<?>> values() {
        return values;
    }

    /** The WHERE conditions. */
    public List<Expression<Boolean>> whereClauses() {
        return where;
    }

    /** The RETURNING items. */
    public List<SelectItem> returning() {
        return returning;
    }

    @Override
    public void accept(SqlVisitor visitor) {
        visitor.visitUpdate(this);
    }
}
