package io.kalchemy.sql;

import io.kalchemy.types.SqlType;

import java.util.Collection;
import java.util.List;

/**
 * A typed SQL value expression: a column, a bound value, an operator, a function call.
 * Operators return new immutable expressions; values are always bound as parameters, typed by
 * this expression's {@link SqlType}, never spliced into SQL.
 *
 * <pre>{@code
 * users.email.like("%@example.com").and(users.id.in(List.of(1L, 2L)))
 * }</pre>
 *
 * <p>Comparing with a Java {@code null} renders {@code IS NULL} / {@code IS NOT NULL}.
 *
 * @param <T> the Java type of the expression's values
 */
public interface Expression<T> extends SqlNode, SelectItem {
    /** The SQL type of this expression's values. */
    SqlType<T> type();

    @Override
    default List<? extends Expression<?>> expand() {
        return List.of(this);
    }

    // ---- comparison -------------------------------------------------------------------------

    /** {@code this = value}; {@code IS NULL} for null. */
    default Expression<Boolean> eq(T value) {
        return value == null ? isNull() : Operators.compare(this, BinaryOperator.EQ, Operators.bindFor(this, value));
    }

    /** {@code this = other}. */
    default Expression<Boolean> eq(Expression<? extends T> other) {
        return Operators.compare(this, BinaryOperator.EQ, other);
    }

    /** {@code this <> value}; {@code IS NOT NULL} for null. */
    default Expression<Boolean> ne(T value) {
        return value == null ? isNotNull() : Operators.compare(this, BinaryOperator.NE, Operators.bindFor(this, value));
    }

    /** {@code this <> other}. */
    default Expression<Boolean> ne(Expression<? extends T> other) {
        return Operators.compare(this, BinaryOperator.NE, other);
    }

    /** {@code this < value}. */
    default Expression<Boolean> lt(T value) {
        return Operators.compare(this, BinaryOperator.LT, Operators.bindFor(this, value));
    }

    /** {@code this < other}. */
    default Expression<Boolean> lt(Expression<? extends T> other) {
        return Operators.compare(this, BinaryOperator.LT, other);
    }

    /** {@code this <= value}. */
    default Expression<Boolean> le(T value) {
        return Operators.compare(this, BinaryOperator.LE, Operators.bindFor(this, value));
    }

    /** {@code this <= other}. */
    default Expression<Boolean> le(Expression<? extends T> other) {
        return Operators.compare(this, BinaryOperator.LE, other);
    }

    /** {@code this > value}. */
    default Expression<Boolean> gt(T value) {
        return Operators.compare(this, BinaryOperator.GT, Operators.bindFor(this, value));
    }

    /** {@code this > other}. */
    default Expression<Boolean> gt(Expression<? extends T> other) {
        return Operators.compare(this, BinaryOperator.GT, other);
    }

    /** {@code this >= value}. */
    default Expression<Boolean> ge(T value) {
        return Operators.compare(this, BinaryOperator.GE, Operators.bindFor(this, value));
    }

    /** {@code this >= other}. */
    default Expression<Boolean> ge(Expression<? extends T> other) {
        return Operators.compare(this, BinaryOperator.GE, other);
    }

    /** {@code this IS NULL}. */
    default Expression<Boolean> isNull() {
        return new UnaryExpression<>(UnaryOperator.IS_NULL, this, io.kalchemy.types.SqlTypes.BOOLEAN);
    }

    /** {@code this IS NOT NULL}. */
    default Expression<Boolean> isNotNull() {
        return new UnaryExpression<>(UnaryOperator.IS_NOT_NULL, this, io.kalchemy.types.SqlTypes.BOOLEAN);
    }

    /** {@code this IS other}: equality that treats two NULLs as equal. */
    default Expression<Boolean> isDistinctFrom(Expression<? extends T> other) {
        return Operators.compare(this, BinaryOperator.IS_NOT, other);
    }

    /** {@code this IN (v1, v2, ...)}, one parameter per value; an empty collection is false. */
    default Expression<Boolean> in(Collection<? extends T> values) {
        return new InExpression(this, Operators.bindAll(this, values), null, false);
    }

    /** {@code this IN (SELECT ...)}. */
    default Expression<Boolean> in(Select subquery) {
        return new InExpression(this, null, subquery, false);
    }

    /** {@code this NOT IN (v1, v2, ...)}; an empty collection is true. */
    default Expression<Boolean> notIn(Collection<? extends T> values) {
        return new InExpression(this, Operators.bindAll(this, values), null, true);
    }

    /** {@code this NOT IN (SELECT ...)}. */
    default Expression<Boolean> notIn(Select subquery) {
        return new InExpression(this, null, subquery, true);
    }

    /** {@code this BETWEEN low AND high} (inclusive). */
    default Expression<Boolean> between(T low, T high) {
        return new BetweenExpression(this, Operators.bindFor(this, low), Operators.bindFor(this, high), false);
    }

    /** {@code this NOT BETWEEN low AND high}. */
    default Expression<Boolean> notBetween(T low, T high) {
        return new BetweenExpression(this, Operators.bindFor(this, low), Operators.bindFor(this, high), true);
    }

    // ---- strings ------------------------------------------------------------------------------

    /** {@code this LIKE pattern}; the pattern is bound, {@code %} and {@code _} are wildcards. */
    default Expression<Boolean> like(String pattern) {
        return new LikeExpression(this, Operators.bindText(pattern), false, false, null);
    }

    /** {@code this LIKE pattern ESCAPE escape}. */
    default Expression<Boolean> like(String pattern, char escape) {
        return new LikeExpression(this, Operators.bindText(pattern), false, false, escape);
    }

    /** {@code this NOT LIKE pattern}. */
    default Expression<Boolean> notLike(String pattern) {
        return new LikeExpression(this, Operators.bindText(pattern), true, false, null);
    }

    /** Case-insensitive LIKE: {@code lower(this) LIKE lower(pattern)}. */
    default Expression<Boolean> ilike(String pattern) {
        return new LikeExpression(this, Operators.bindText(pattern), false, true, null);
    }

    /** Case-insensitive NOT LIKE. */
    default Expression<Boolean> notIlike(String pattern) {
        return new LikeExpression(this, Operators.bindText(pattern), true, true, null);
    }

    /** True when this text contains {@code fragment} literally ({@code %} and {@code _} in it are escaped). */
    default Expression<Boolean> contains(String fragment) {
        return new LikeExpression(this, Operators.bindText("%" + Operators.escapeLike(fragment) + "%"), false, false, '/');
    }

    /** True when this text starts with {@code prefix} literally. */
    default Expression<Boolean> startsWith(String prefix) {
        return new LikeExpression(this, Operators.bindText(Operators.escapeLike(prefix) + "%"), false, false, '/');
    }

    /** True when this text ends with {@code suffix} literally. */
    default Expression<Boolean> endsWith(String suffix) {
        return new LikeExpression(this, Operators.bindText("%" + Operators.escapeLike(suffix)), false, false, '/');
    }

    /** {@code this || other} (string concatenation). */
    default Expression<String> concat(Expression<?> other) {
        return new BinaryExpression<>(this, BinaryOperator.CONCAT, other, io.kalchemy.types.SqlTypes.TEXT);
    }

    /** {@code this || value}. */
    default Expression<String> concat(String value) {
        return concat(Operators.bindText(value));
    }

    // ---- arithmetic ---------------------------------------------------------------------------

    /** {@code this + value}. */
    default Expression<T> plus(T value) {
        return new BinaryExpression<>(this, BinaryOperator.ADD, Operators.bindFor(this, value), type());
    }

    /** {@code this + other}. */
    default Expression<T> plus(Expression<? extends T> other) {
        return new BinaryExpression<>(this, BinaryOperator.ADD, other, type());
    }

    /** {@code this - value}. */
    default Expression<T> minus(T value) {
        return new BinaryExpression<>(this, BinaryOperator.SUBTRACT, Operators.bindFor(this, value), type());
    }

    /** {@code this - other}. */
    default Expression<T> minus(Expression<? extends T> other) {
        return new BinaryExpression<>(this, BinaryOperator.SUBTRACT, other, type());
    }

    /** {@code this * value}. */
    default Expression<T> times(T value) {
        return new BinaryExpression<>(this, BinaryOperator.MULTIPLY, Operators.bindFor(this, value), type());
    }

    /** {@code this * other}. */
    default Expression<T> times(Expression<? extends T> other) {
        return new BinaryExpression<>(this, BinaryOperator.MULTIPLY, other, type());
    }

    /** {@code this / value} (integer division when both sides are integers, as in SQLite). */
    default Expression<T> div(T value) {
        return new BinaryExpression<>(this, BinaryOperator.DIVIDE, Operators.bindFor(this, value), type());
    }

    /** {@code this / other}. */
    default Expression<T> div(Expression<? extends T> other) {
        return new BinaryExpression<>(this, BinaryOperator.DIVIDE, other, type());
    }

    /** {@code this % value}. */
    default Expression<T> mod(T value) {
        return new BinaryExpression<>(this, BinaryOperator.MODULO, Operators.bindFor(this, value), type());
    }

    /** {@code -this}. */
    default Expression<T> negate() {
        return new UnaryExpression<>(UnaryOperator.NEGATE, this, type());
    }

    // ---- boolean ------------------------------------------------------------------------------

    /** {@code this AND other}; meant for boolean expressions. */
    @SuppressWarnings("unchecked")
    default Expression<Boolean> and(Expression<Boolean> other) {
        return BooleanClauseList.and(List.of((Expression<Boolean>) this, other));
    }

    /** {@code this OR other}; meant for boolean expressions. */
    @SuppressWarnings("unchecked")
    default Expression<Boolean> or(Expression<Boolean> other) {
        return BooleanClauseList.or(List.of((Expression<Boolean>) this, other));
    }

    /** {@code NOT this}; meant for boolean expressions. */
    default Expression<Boolean> not() {
        return new UnaryExpression<>(UnaryOperator.NOT, this, io.kalchemy.types.SqlTypes.BOOLEAN);
    }

    // ---- shaping ------------------------------------------------------------------------------

    /** {@code this AS name} in a SELECT list; rows can then be read by {@code name}. */
    default Label<T> label(String name) {
        return new Label<>(this, name);
    }

    /** {@code CAST(this AS type)}. */
    default <U> Expression<U> cast(SqlType<U> type) {
        return new CastExpression<>(this, type);
    }

    /** Ascending order, for ORDER BY. */
    default SortOrder asc() {
        return new SortOrder(this, false, SortOrder.Nulls.DEFAULT);
    }

    /** Descending order, for ORDER BY. */
    default SortOrder desc() {
        return new SortOrder(this, true, SortOrder.Nulls.DEFAULT);
    }
}
