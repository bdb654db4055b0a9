package io.kalchemy.sql;

import io.kalchemy.types.SqlType;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code CASE WHEN cond THEN result ... ELSE other END}. Built with {@link Sql#caseWhen} and
 * extended immutably by {@link #when} and {@link #otherwise}.
 *
 * @param <T> the result type
 */
public final class CaseExpression<T> implements Expression<T> {
    /** One WHEN/THEN pair. */
    public record When(Expression<Boolean> condition, Expression<?> result) {
    }

    private final List<When> whens;
    private final Expression<?> otherwise;
    private final SqlType<T> type;

    CaseExpression(List<When> whens, Expression<?> otherwise, SqlType<T> type) {
        this.whens = List.copyOf(whens);
        this.otherwise = otherwise;
        this.type = type;
    }

    /** A copy with another WHEN {@code condition} THEN {@code result} (bound with this CASE's type). */
    public CaseExpression<T> when(Expression<Boolean> condition, T result) {
        return when(condition, BindParameter.value(result, type));
    }

    /** A copy with another WHEN {@code condition} THEN {@code result}. */
    public CaseExpression<T> when(Expression<Boolean> condition, Expression<? extends T> result) {
        List<When> next = new ArrayList<>(whens);
        next.add(new When(condition, result));
        return new CaseExpression<>(next, otherwise, type);
    }

    /** A copy with ELSE {@code value}. */
    public CaseExpression<T> otherwise(T value) {
        return new CaseExpression<>(whens, BindParameter.value(value, type), type);
    }

    /** A copy with ELSE {@code value}. */
    public CaseExpression<T> otherwise(Expression<? extends T> value) {
        return new CaseExpression<>(whens, value, type);
    }

    /** The WHEN/THEN pairs in order. */
    public List<When> whens() {
        return whens;
    }

    /** The ELSE value, or null. */
    public Expression<?> otherwiseValue() {
        return otherwise;
    }

    @Override
    public SqlType<T> type() {
        return type;
    }

    @Override
    public void accept(SqlVisitor visitor) {
        visitor.visitCase(this);
    }
}
