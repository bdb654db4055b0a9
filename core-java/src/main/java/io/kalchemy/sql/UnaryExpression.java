package io.kalchemy.sql;

import io.kalchemy.types.SqlType;

/**
 * A prefix operator ({@code NOT x}, {@code -x}, {@code DISTINCT x}) or a postfix one
 * ({@code x IS NULL}).
 *
 * @param <T> the result type
 */
public final class UnaryExpression<T> implements Expression<T> {
    private final UnaryOperator operator;
    private final Expression<?> operand;
    private final SqlType<T> type;

    UnaryExpression(UnaryOperator operator, Expression<?> operand, SqlType<T> type) {
        this.operator = operator;
        this.operand = operand;
        this.type = type;
    }

    /** The operator, e.g. {@link UnaryOperator#NOT} or {@link UnaryOperator#IS_NULL}. */
    public UnaryOperator operator() {
        return operator;
    }

    /** The operand. */
    public Expression<?> operand() {
        return operand;
    }

    /** True when the operator follows the operand. */
    public boolean postfix() {
        return operator.postfix();
    }

    @Override
    public SqlType<T> type() {
        return type;
    }

    @Override
    public void accept(SqlVisitor visitor) {
        visitor.visitUnary(this);
    }
}
