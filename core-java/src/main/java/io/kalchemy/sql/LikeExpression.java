package io.kalchemy.sql;

import io.kalchemy.types.SqlType;
import io.kalchemy.types.SqlTypes;

/** {@code x [NOT] LIKE pattern [ESCAPE c]}; case-insensitive variants compare lower-cased sides. */
public final class LikeExpression implements Expression<Boolean> {
    private final Expression<?> operand;
    private final Expression<?> pattern;
    private final boolean negated;
    private final boolean caseInsensitive;
    private final Character escape;

    LikeExpression(Expression<?> operand, Expression<?> pattern, boolean negated, boolean caseInsensitive, Character escape) {
        this.operand = operand;
        this.pattern = pattern;
        this.negated = negated;
        this.caseInsensitive = caseInsensitive;
        this.escape = escape;
    }

    /** The tested expression. */
    public Expression<?> operand() {
        return operand;
    }

    /** The pattern (usually a bound string). */
    public Expression<?> pattern() {
        return pattern;
    }

    /** True for NOT LIKE. */
    public boolean negated() {
        return negated;
    }

    /** True for ILIKE semantics. */
    public boolean caseInsensitive() {
        return caseInsensitive;
    }

    /** The ESCAPE character, or null. */
    public Character escape() {
        return escape;
    }

    @Override
    public SqlType<Boolean> type() {
        return SqlTypes.BOOLEAN;
    }

    @Override
    public void accept(SqlVisitor visitor) {
        visitor.visitLike(this);
    }
}
