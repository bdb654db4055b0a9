package io.kalchemy.sql;

import io.kalchemy.errors.ArgumentError;
import io.kalchemy.types.SqlType;
import io.kalchemy.types.SqlTypes;

import java.util.Arrays;
import java.util.List;

/**
 * The entry point of the statement language: {@code import static io.kalchemy.sql.Sql.*;} and
 * write {@code select(...)}, {@code insert(...)}, {@code and(...)}, {@code count()}.
 * Everything returned is immutable and thread-safe.
 */
public final class Sql {
    private Sql() {
    }

    private static final Keyword<Object> STAR = new Keyword<>("*", SqlTypes.ANY);

    // ---- statements ---------------------------------------------------------------------------

    /** {@code SELECT items...}: expressions, tables (all their columns), or other select items. */
    public static Select select(SelectItem... items) {
        if (items.length == 0) {
            throw new ArgumentError("select() needs at least one column or table");
        }
        for (SelectItem i : items) {
            if (i == null) {
                throw new ArgumentError("select() column must not be null");
            }
        }
        return new Select(Arrays.asList(items));
    }

    /** {@code SELECT items...} from a list. */
    public static Select select(List<? extends SelectItem> items) {
        return select(items.toArray(new SelectItem[0]));
    }

    /** {@code INSERT INTO table}. */
    public static Insert insert(NamedTable table) {
        return new Insert(table);
    }

    /** {@code UPDATE table}. */
    public static Update update(NamedTable table) {
        return new Update(table);
    }

    /** {@code DELETE FROM table}. */
    public static Delete delete(NamedTable table) {
        return new Delete(table);
    }

    /** Literal SQL with {@code :name} parameters, as a statement or a condition. */
    public static TextClause text(String sql) {
        return TextClause.parse(sql);
    }

    // ---- conditions ---------------------------------------------------------------------------

    /** All conditions hold; an empty list is true. */
    @SafeVarargs
    public static Expression<Boolean> and(Expression<Boolean>... conditions) {
        return BooleanClauseList.and(Arrays.asList(conditions));
    }

    /** All conditions of the list hold. */
    public static Expression<Boolean> and(List<Expression<Boolean>> conditions) {
        return BooleanClauseList.and(conditions);
    }

    /** At least one condition holds; an empty list is false. */
    @SafeVarargs
    public static Expression<Boolean> or(Expression<Boolean>... conditions) {
        return BooleanClauseList.or(Arrays.asList(conditions));
    }

    /** At least one condition of the list holds. */
    public static Expression<Boolean> or(List<Expression<Boolean>> conditions) {
        return BooleanClauseList.or(conditions);
    }

    /** {@code NOT condition}. */
    public static Expression<Boolean> not(Expression<Boolean> condition) {
        return condition.not();
    }

    /** {@code EXISTS (select)}. */
    public static ExistsExpression exists(Select select) {
        return select.exists();
    }

    /** {@code CASE WHEN condition THEN result}; add more with {@link CaseExpression#when}. */
    public static <T> CaseExpression<T> caseWhen(Expression<Boolean> condition, Expression<T> result) {
        return new CaseExpression<T>(List.of(), null, result.type()).when(condition, result);
    }

    /** {@code CASE WHEN condition THEN value} with the value bound through {@code type}. */
    public static <T> CaseExpression<T> caseWhen(Expression<Boolean> condition, T value, SqlType<T> type) {
        return new CaseExpression<T>(List.of(), null, type).when(condition, value);
    }

    // ---- values and parameters ----------------------------------------------------------------

    /** A bound value typed by its class (see {@link SqlTypes#forClass}). */
    @SuppressWarnings("unchecked")
    public static <T> BindParameter<T> literal(T value) {
        if (value == null) {
            throw new ArgumentError("literal(null) has no type; use literal(null, type) or isNull()");
        }
        SqlType<T> type = SqlTypes.forClass((Class<T>) value.getClass());
        if (type == null) {
            throw new ArgumentError("no SQL type for " + value.getClass().getName() + "; use literal(value, type)");
        }
        return BindParameter.value(value, type);
    }

    /** A bound value with an explicit type. */
    public static <T> BindParameter<T> literal(T value, SqlType<T> type) {
        return BindParameter.value(value, type);
    }

    /** A named placeholder whose value is given at execution. */
    public static <T> BindParameter<T> bindParam(String name, SqlType<T> type) {
        return BindParameter.named(name, type);
    }

    /** A named placeholder bound by the value's class at execution. */
    public static BindParameter<Object> bindParam(String name) {
        return BindParameter.named(name);
    }

    /** SQL {@code NULL} of a type. */
    public static <T> Keyword<T> nullOf(SqlType<T> type) {
        return new Keyword<>("NULL", type);
    }

    /** {@code *}, for {@code count(*)} and {@code SELECT *}. */
    public static Keyword<Object> star() {
        return STAR;
    }

    // ---- from items ---------------------------------------------------------------------------

    /** {@code table AS name}, for self-joins. */
    public static TableAlias alias(NamedTable table, String name) {
        return new TableAlias(table, name);
    }

    /**
     * A table-valued function as a FROM item named {@code alias}; declare its columns with
     * {@link TableFunction#declare}. The name must come from code.
     */
    public static TableFunction tableFunction(String function, String alias, Expression<?>... arguments) {
        return new TableFunction(function, Arrays.asList(arguments), alias);
    }

    /** {@code excluded.column}, the value an upsert tried to insert. */
    public static <T> ExcludedColumn<T> excluded(ColumnExpression<T> column) {
        return new ExcludedColumn<>(column);
    }

    // ---- functions ----------------------------------------------------------------------------

    /** A call of SQL function {@code name} returning {@code type}. */
    public static <T> FunctionCall<T> func(String name, SqlType<T> type, Expression<?>... arguments) {
        return new FunctionCall<>(name, Arrays.asList(arguments), type);
    }

    /** {@code count(*)}. */
    public static FunctionCall<Long> count() {
        return func("count", SqlTypes.LONG, STAR);
    }

    /** {@code count(expr)}: non-null values. */
    public static FunctionCall<Long> count(Expression<?> expr) {
        return func("count", SqlTypes.LONG, expr);
    }

    /** {@code count(DISTINCT expr)}. */
    public static FunctionCall<Long> countDistinct(Expression<?> expr) {
        return func("count", SqlTypes.LONG, new UnaryExpression<>(UnaryOperator.DISTINCT, expr, expr.type()));
    }

    /** {@code sum(expr)}, of the argument's type (null over no rows). */
    public static <T> FunctionCall<T> sum(Expression<T> expr) {
        return func("sum", expr.type(), expr);
    }

    /** {@code avg(expr)} as a double. */
    public static FunctionCall<Double> avg(Expression<?> expr) {
        return func("avg", SqlTypes.DOUBLE, expr);
    }

    /** {@code min(expr)}. */
    public static <T> FunctionCall<T> min(Expression<T> expr) {
        return func("min", expr.type(), expr);
    }

    /** {@code max(expr)}. */
    public static <T> FunctionCall<T> max(Expression<T> expr) {
        return func("max", expr.type(), expr);
    }

    /** {@code coalesce(first, others...)}: the first non-null argument. */
    @SafeVarargs
    public static <T> FunctionCall<T> coalesce(Expression<T> first, Expression<? extends T>... others) {
        Expression<?>[] args = new Expression<?>[others.length + 1];
        args[0] = first;
        System.arraycopy(others, 0, args, 1, others.length);
        return func("coalesce", first.type(), args);
    }

    /** {@code coalesce(expr, value)}. */
    public static <T> FunctionCall<T> coalesce(Expression<T> expr, T value) {
        return func("coalesce", expr.type(), expr, BindParameter.value(value, expr.type()));
    }

    /** {@code lower(expr)}. */
    public static FunctionCall<String> lower(Expression<String> expr) {
        return func("lower", SqlTypes.TEXT, expr);
    }

    /** {@code upper(expr)}. */
    public static FunctionCall<String> upper(Expression<String> expr) {
        return func("upper", SqlTypes.TEXT, expr);
    }

    /** {@code length(expr)} in characters. */
    public static FunctionCall<Long> length(Expression<?> expr) {
        return func("length", SqlTypes.LONG, expr);
    }

    /** {@code abs(expr)}. */
    public static <T> FunctionCall<T> abs(Expression<T> expr) {
        return func("abs", expr.type(), expr);
    }

    /** {@code round(expr, digits)} as a double. */
    public static FunctionCall<Double> round(Expression<?> expr, int digits) {
        return func("round", SqlTypes.DOUBLE, expr, BindParameter.value(digits, SqlTypes.INTEGER));
    }

    /** {@code total(expr)}: SQLite's sum as a double, 0.0 over no rows. */
    public static FunctionCall<Double> total(Expression<?> expr) {
        return func("total", SqlTypes.DOUBLE, expr);
    }
}
