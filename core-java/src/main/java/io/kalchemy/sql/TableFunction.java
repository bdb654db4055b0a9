package io.kalchemy.sql;

import io.kalchemy.errors.ArgumentError;
import io.kalchemy.types.SqlType;

import java.util.ArrayList;
import java.util.List;

/**
 * A table-valued function as a FROM item: {@code json_each(documents.data, '$.tags') AS tags}.
 * Its columns are declared by the caller (name and type); arguments may refer to the enclosing
 * query's tables (correlation). Built with {@link Sql#tableFunction}.
 */
public final class TableFunction implements FromItem {
    private final String function;
    private final List<Expression<?>> arguments;
    private final String alias;
    private final List<DerivedColumn<?>> columns = new ArrayList<>();

    TableFunction(String function, List<Expression<?>> arguments, String alias) {
        if (function == null || !function.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new ArgumentError("invalid table function name '" + function + "'");
        }
        this.function = function;
        this.arguments = List.copyOf(arguments);
        this.alias = alias;
    }

    /** Declares (and returns) a column of the function's result. Call while building, before use. */
    public <T> ColumnExpression<T> declare(String name, SqlType<T> type) {
        DerivedColumn<T> c = new DerivedColumn<>(this, name, type);
        columns.add(c);
        return c;
    }

    /** The function's name. */
    public String function() {
        return function;
    }

    /** The arguments. */
    public List<Expression<?>> arguments() {
        return arguments;
    }

    @Override
    public String name() {
        return alias;
    }

    @Override
    public List<? extends ColumnExpression<?>> columns() {
        return columns;
    }

    @Override
    public void accept(SqlVisitor visitor) {
        visitor.visitTableFunction(this);
    }
}
