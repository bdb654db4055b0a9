package io.kalchemy.sql;

import io.kalchemy.types.SqlType;

/** A column of a FROM item that is not a table (a subquery, a table-valued function), known by name and type. */
final class DerivedColumn<T> implements ColumnExpression<T> {
    private final FromItem owner;
    private final String name;
    private final SqlType<T> type;

    DerivedColumn(FromItem owner, String name, SqlType<T> type) {
        this.owner = owner;
        this.name = name;
        this.type = type;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public FromItem from() {
        return owner;
    }

    @Override
    public SqlType<T> type() {
        return type;
    }
}
