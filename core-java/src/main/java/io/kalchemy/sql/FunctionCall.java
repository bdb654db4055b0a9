package io.kalchemy.sql;

import io.kalchemy.types.SqlType;

import java.util.List;

/**
 * A call of a SQL function ({@code count(*)}, {@code lower(x)}, a user-defined function).
 * The name is rendered as given, so it must come from code, never from user input.
 *
 * @param <T> the result type
 */
public final class FunctionCall<T> implements Expression<T> {
    private final String name;
    private final List<Expression<?>> arguments;
    private final SqlType<T> type;

    FunctionCall(String name, List<? extends Expression<?>> arguments, SqlType<T> type) {
        if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new io.kalchemy.errors.ArgumentError("invalid SQL function name '" + name
                    + "': letters, digits and underscores only");
        }
        this.name = name;
        this.arguments = List.copyOf(arguments);
        this.type = type;
    }

    /** The function's name. */
    public String name() {
        return name;
    }

    /** The arguments in order. */
    public List<Expression<?>> arguments() {
        return arguments;
    }

    @Override
    public SqlType<T> type() {
        return type;
    }

    @Override
    public void accept(SqlVisitor visitor) {
        visitor.visitFunction(this);
    }
}
