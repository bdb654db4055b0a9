package io.kalchemy.sql;

import io.kalchemy.errors.ArgumentError;
import io.kalchemy.errors.DataError;
import io.kalchemy.types.SqlType;
import io.kalchemy.types.SqlTypes;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Builds operator nodes for {@link Expression}'s default methods: binds values with the left side's type. */
final class Operators {
    private Operators() {
    }

    static Expression<Boolean> compare(Expression<?> left, BinaryOperator op, Expression<?> right) {
        return new BinaryExpression<>(left, op, right, SqlTypes.BOOLEAN);
    }

    /** A parameter for {@code value}, typed and coerced by {@code context}'s type. */
    static <T> BindParameter<T> bindFor(Expression<T> context, Object value) {
        SqlType<T> type = context.type();
        try {
            return BindParameter.value(type.coerce(value), type);
        } catch (DataError | ArithmeticException | ClassCastException e) {
            throw new ArgumentError("value " + describe(value) + " does not fit " + describe(context)
                    + " of type " + type + ": " + e.getMessage(), e);
        }
    }

    static <T> List<Expression<?>> bindAll(Expression<T> context, Collection<? extends T> values) {
        if (values == null) {
            throw new ArgumentError("IN list for " + describe(context) + " is null");
        }
        List<Expression<?>> out = new ArrayList<>(values.size());
        for (T v : values) {
            out.add(bindFor(context, v));
        }
        return out;
    }

    static BindParameter<String> bindText(String value) {
        return BindParameter.value(value, SqlTypes.TEXT);
    }

    /** Escapes LIKE wildcards with '/' so a fragment matches literally. */
    static String escapeLike(String fragment) {
        StringBuilder sb = new StringBuilder(fragment.length() + 4);
        for (int i = 0; i < fragment.length(); i++) {
            char c = fragment.charAt(i);
            if (c == '%' || c == '_' || c == '/') {
                sb.append('/');
            }
            sb.append(c);
        }
        return sb.toString();
    }

    static String describe(Object o) {
        if (o instanceof ColumnExpression<?> c) {
            return "column " + (c.from() != null && c.from().name() != null ? c.from().name() + "." : "") + c.name();
        }
        if (o instanceof String s) {
            return "'" + (s.length() > 60 ? s.substring(0, 60) + "…" : s) + "'";
        }
        return o == null ? "null" : o.getClass().getSimpleName() + " " + o;
    }
}
