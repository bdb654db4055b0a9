package io.kalchemy.sql;

import io.kalchemy.types.SqlType;
import io.kalchemy.types.SqlTypes;

/** {@code x [NOT] BETWEEN low AND high}. */
public final class BetweenExpression implements Expression<Boolean> {
    private final Expression<?> operand;
    private final Expression<?> low;
    private final Expression<?> high;
    private final boolean negated;

    BetweenExpression(Expression<?> operand, Expression<?> low, Expression<?> high, boolean negated) {
        this.operand = operand;
        this.low = low;
        this.high = high;
        this.negated = negated;
    }

    /** The tested expression. */
    public Expression<?> operand() {
        return operand;
    }

    /** The lower bound. */
    public Expression<?> low() {
        return low;
    }

    /** The upper bound. */
    public Expression<?> high() {
        return high;
    }

    /** True for NOT BETWEEN. */
    public boolean negated() {
        return negated;
    }

    @Override
    public SqlType<Boolean> type() {
        return SqlTypes.BOOLEAN;
    }

    @Override
    public void accept(SqlVisitor visitor) {
        visitor.visitBetween(this);
    }
}
