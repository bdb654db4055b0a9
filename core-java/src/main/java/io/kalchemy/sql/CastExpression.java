package io.kalchemy.sql;

import io.kalchemy.types.SqlType;

/**
 * {@code CAST(x AS type)}, rendered with the target type's DDL name.
 *
 * @param <T> the target type
 */
public final class CastExpression<T> implements Expression<T> {
    private final Expression<?> operand;
    private final SqlType<T> type;

    CastExpression(Expression<?> operand, SqlType<T> type) {
        this.operand = operand;
        this.type = type;
    }

    /** The expression being cast. */
    public Expression<?> operand() {
        return operand;
    }

    @Override
    public SqlType<T> type() {
        return type;
    }

    @Override
    public void accept(SqlVisitor visitor) {
        visitor.visitCast(this);
    }
}
