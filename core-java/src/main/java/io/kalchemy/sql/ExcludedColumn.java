package io.kalchemy.sql;

import io.kalchemy.types.SqlType;

/**
 * {@code excluded.column}: the value an upsert tried to insert, for use in
 * {@code ON CONFLICT ... DO UPDATE SET}.
 *
 * @param <T> the column's type
 */
public final class ExcludedColumn<T> implements Expression<T> {
    private final ColumnExpression<T> column;

    ExcludedColumn(ColumnExpression<T> column) {
        this.column = column;
    }

    /** The target table's column. */
    public ColumnExpression<T> column() {
        return column;
    }

    @Override
    public SqlType<T> type() {
        return column.type();
    }

    @Override
    public void accept(SqlVisitor visitor) {
        visitor.visitExcluded(this);
    }
}
