package io.kalchemy.sql;

import io.kalchemy.types.SqlType;

/**
 * An expression with a name: {@code expr AS name} in a SELECT list, the key of that column in
 * result rows, and usable in ORDER BY by name.
 *
 * @param <T> the expression's type
 */
public final class Label<T> implements Expression<T> {
    private final Expression<T> expression;
    private final String name;

    Label(Expression<T> expression, String name) {
        if (name == null || name.isEmpty()) {
            throw new io.kalchemy.errors.ArgumentError("a label needs a non-empty name");
        }
        this.expression = expression;
        this.name = name;
    }

    /** The labelled expression. */
    public Expression<T> expression() {
        return expression;
    }

    /** The label. */
    public String name() {
        return name;
    }

    @Override
    public SqlType<T> type() {
        return expression.type();
    }

    @Override
    public void accept(SqlVisitor visitor) {
        visitor.visitLabel(this);
    }
}
