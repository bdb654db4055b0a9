package io.kalchemy.sql;

import io.kalchemy.types.SqlType;

/**
 * A prefix operator ({@code NOT x}, {@code -x}, {@code DISTINCT x}) or a postfix one
 * ({@code x IS NULL}).
 *
 * @param <T> the result type
 */
public final class UnaryExpression<T> implements Expression<T> {
    private final String operator;
    private final Expression<?> operand;
    private final boolean postfix;
    private final SqlType<T> type;

    UnaryExpression(String operator, Expression<?> operand, boolean postfix, SqlType<T> type) {
        this.operator = operator;
        this.operand = operand;
        this.postfix = postfix;
        this.type = type;
    }

    /** The operator text including its spacing, e.g. {@code "NOT "} or {@code " IS NULL"}. */
    public String operator() {
        return operator;
    }

    /** The operand. */
    public Expression<?> operand() {
        return operand;
    }

    /** True when the operator follows the operand. */
    public boolean postfix() {
        return postfix;
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
