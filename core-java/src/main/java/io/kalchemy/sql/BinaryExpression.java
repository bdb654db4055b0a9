package io.kalchemy.sql;

import io.kalchemy.types.SqlType;

/**
 * {@code left operator right}: comparisons, arithmetic, concatenation.
 *
 * @param <T> the result type
 */
public final class BinaryExpression<T> implements Expression<T> {
    private final Expression<?> left;
    private final BinaryOperator operator;
    private final Expression<?> right;
    private final SqlType<T> type;

    BinaryExpression(Expression<?> left, BinaryOperator operator, Expression<?> right, SqlType<T> type) {
        this.left = left;
        this.operator = operator;
        this.right = right;
        this.type = type;
    }

    /** The left operand. */
    public Expression<?> left() {
        return left;
    }

    /** The operator, e.g. {@link BinaryOperator#EQ} or {@link BinaryOperator#CONCAT}. */
    public BinaryOperator operator() {
        return operator;
    }

    /** The right operand. */
    public Expression<?> right() {
        return right;
    }

    @Override
    public SqlType<T> type() {
        return type;
    }

    @Override
    public void accept(SqlVisitor visitor) {
        visitor.visitBinary(this);
    }
}
