package io.kalchemy.sql;

import io.kalchemy.types.SqlType;
import io.kalchemy.types.SqlTypes;

import java.util.List;

/** {@code x [NOT] IN (v1, v2, ...)} or {@code x [NOT] IN (SELECT ...)}. */
public final class InExpression implements Expression<Boolean> {
    private final Expression<?> left;
    private final List<Expression<?>> values;
    private final Select subquery;
    private final boolean negated;

    InExpression(Expression<?> left, List<Expression<?>> values, Select subquery, boolean negated) {
        this.left = left;
        this.values = values == null ? null : List.copyOf(values);
        this.subquery = subquery;
        this.negated = negated;
    }

    /** The tested expression. */
    public Expression<?> left() {
        return left;
    }

    /** The value list, or null when testing against a subquery. */
    public List<Expression<?>> values() {
        return values;
    }

    /** The subquery, or null for a value list. */
    public Select subquery() {
        return subquery;
    }

    /** True for NOT IN. */
    public boolean negated() {
        return negated;
    }

    @Override
    public SqlType<Boolean> type() {
        return SqlTypes.BOOLEAN;
    }

    @Override
    public void accept(SqlVisitor visitor) {
        visitor.visitIn(this);
    }
}
