package io.kalchemy.sql;

import io.kalchemy.errors.ArgumentError;
import io.kalchemy.types.SqlType;
import io.kalchemy.types.SqlTypes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An immutable SELECT. Every method returns a new statement, so a base query can be shared and
 * refined:
 *
 * <pre>{@code
 * Select q = select(users.id, users.name)
 *     .join(posts, posts.userId.eq(users.id))
 *     .where(posts.title.like("%sqlite%"))
 *     .orderBy(users.name.asc())
 *     .limit(20);
 * }</pre>
 *
 * <p>When no FROM is given, the tables of the selected columns and the conditions are used, in
 * order of appearance. Inside a subquery, tables that the enclosing statement already reads are
 * correlated (not repeated in the inner FROM).
 */
public final class Select extends StatementBase {
    private final List<SelectItem> items;
    private final List<FromItem> froms;
    private final List<Expression<Boolean>> where;
    private final List<Expression<?>> groupBy;
    private final List<Expression<Boolean>> having;
    private final List<SortOrder> orderBy;
    private final Expression<?> limit;
    private final Expression<?> offset;
    private final boolean distinct;
    private List<StatementOption> options = List.of();
    private RowLock rowLock;
    private volatile List<Expression<?>> expanded;
    private volatile List<FromItem> implicitFroms;

    Select(List<? extends SelectItem> items) {
        this(List.copyOf(items), List.of(), List.of(), List.of(), List.of(), List.of(), null, null, false);
    }

    private Select(List<SelectItem> items, List<FromItem> froms, List<Expression<Boolean>> where,
                   List<Expression<?>> groupBy, List<Expression<Boolean>> having, List<SortOrder> orderBy,
                   Expression<?> limit, Expression<?> offset, boolean distinct, List<StatementOption> options, RowLock rowLock) {
        this(items, froms, where, groupBy, having, orderBy, limit, offset, distinct);
        this.options = options;
        this.rowLock = rowLock;
    }

    private Select(List<SelectItem> items, List<FromItem> froms, List<Expression<Boolean>> where,
                   List<Expression<?>> groupBy, List<Expression<Boolean>> having, List<SortOrder> orderBy,
                   Expression<?> limit, Expression<?> offset, boolean distinct) {
        this.items = items;
        this.froms = froms;
        this.where = where;
        this.groupBy = groupBy;
        this.having = having;
        this.orderBy = orderBy;
        this.limit = limit;
        this.offset = offset;
        this.distinct = distinct;
    }

    private static <E> List<E> plus(List<E> list, List<? extends E> more) {
        List<E> out = new ArrayList<>(list.size() + more.size());
        out.addAll(list);
        for (E e : more) {
            if (e == null) {
                throw new ArgumentError("select() clause element must not be null");
            }
            out.add(e);
        }
        return List.copyOf(out);
    }

    /** A copy that also selects {@code more}. */
    public Select addColumns(SelectItem... more) {
        return new Select(plus(items, Arrays.asList(more)), froms, where, groupBy, having, orderBy, limit, offset, distinct, options, rowLock);
    }

    /** A copy that selects only {@code replacement}, keeping FROM, WHERE and the rest. */
    public Select withOnlyColumns(SelectItem... replacement) {
        return new Select(List.copyOf(Arrays.asList(replacement)), froms, where, groupBy, having, orderBy, limit, offset, distinct, options, rowLock);
    }

    /** A copy that reads from {@code from} explicitly (added after earlier FROM items). */
    public Select from(FromItem... from) {
        return new Select(items, plus(froms, Arrays.asList(from)), where, groupBy, having, orderBy, limit, offset, distinct, options, rowLock);
    }

    /**
     * A copy with {@code JOIN target ON on}, joined to the last FROM item (the first selected
     * table when no FROM was given).
     */
    public Select join(FromItem target, Expression<Boolean> on) {
        return joined(target, on, Join.Type.INNER);
    }

    /**
     * A copy with {@code JOIN target}, the ON condition taken from the foreign key between the
     * two tables.
     *
     * @throws ArgumentError when no single foreign key links them
     */
    public Select join(FromItem target) {
        return joined(target, null, Join.Type.INNER);
    }

    /** A copy with {@code LEFT OUTER JOIN target ON on}. */
    public Select leftJoin(FromItem target, Expression<Boolean> on) {
        return joined(target, on, Join.Type.LEFT);
    }

    /** A copy with {@code LEFT OUTER JOIN target}, ON taken from the foreign key. */
    public Select leftJoin(FromItem target) {
        return joined(target, null, Join.Type.LEFT);
    }

    /** A copy with {@code FULL OUTER JOIN target ON on}. */
    public Select fullJoin(FromItem target, Expression<Boolean> on) {
        return joined(target, on, Join.Type.FULL);
    }

    private Select joined(FromItem target, Expression<Boolean> on, Join.Type type) {
        List<FromItem> base = froms.isEmpty() ? implicitFroms().isEmpty() ? List.of() : List.of(implicitFroms().get(0)) : froms;
        if (base.isEmpty()) {
            throw new ArgumentError("cannot join " + describe(target) + ": the select has no table to join from;"
                    + " add .from(table) first");
        }
        FromItem left = base.get(base.size() - 1);
        Expression<Boolean> condition = on;
        if (condition == null) {
            condition = left.joinConditionTo(target);
            if (condition == null) {
                condition = target.joinConditionTo(left);
            }
            if (condition == null) {
                throw new ArgumentError("cannot infer the ON condition between " + describe(left) + " and "
                        + describe(target) + ": there is no single foreign key between them; pass one to join()");
            }
        }
        List<FromItem> next = new ArrayList<>(base);
        next.set(next.size() - 1, new Join(left, target, condition, type));
        return new Select(items, List.copyOf(next), where, groupBy, having, orderBy, limit, offset, distinct, options, rowLock);
    }

    private static String describe(FromItem f) {
        return f.name() == null ? "join" : "'" + f.name() + "'";
    }

    /** A copy with the conditions added to WHERE (all combined with AND). */
    @SafeVarargs
    public final Select where(Expression<Boolean>... conditions) {
        return new Select(items, froms, plus(where, Arrays.asList(conditions)), groupBy, having, orderBy, limit, offset, distinct, options, rowLock);
    }

    /** A copy with GROUP BY {@code keys} added. */
    public Select groupBy(Expression<?>... keys) {
        return new Select(items, froms, where, plus(groupBy, Arrays.asList(keys)), having, orderBy, limit, offset, distinct, options, rowLock);
    }

    /** A copy with the conditions added to HAVING. */
    @SafeVarargs
    public final Select having(Expression<Boolean>... conditions) {
        return new Select(items, froms, where, groupBy, plus(having, Arrays.asList(conditions)), orderBy, limit, offset, distinct, options, rowLock);
    }

    /** A copy with ORDER BY terms added. */
    public Select orderBy(SortOrder... order) {
        return new Select(items, froms, where, groupBy, having, plus(orderBy, Arrays.asList(order)), limit, offset, distinct, options, rowLock);
    }

    /** A copy with ascending ORDER BY terms added. */
    public Select orderBy(Expression<?>... keys) {
        List<SortOrder> more = new ArrayList<>();
        for (Expression<?> k : keys) {
            more.add(k.asc());
        }
        return new Select(items, froms, where, groupBy, having, plus(orderBy, more), limit, offset, distinct, options, rowLock);
    }

    /**
     * A copy returning at most {@code n} rows (bound as a parameter).
     *
     * @throws ArgumentError when n is negative
     */
    public Select limit(long n) {
        if (n < 0) {
            throw new ArgumentError("limit must not be negative, got " + n);
        }
        return new Select(items, froms, where, groupBy, having, orderBy, BindParameter.value(n, SqlTypes.LONG), offset, distinct, options, rowLock);
    }

    /** A copy whose LIMIT is an expression (for example a named parameter). */
    public Select limit(Expression<?> n) {
        return new Select(items, froms, where, groupBy, having, orderBy, n, offset, distinct, options, rowLock);
    }

    /**
     * A copy skipping the first {@code n} rows.
     *
     * @throws ArgumentError when n is negative
     */
    public Select offset(long n) {
        if (n < 0) {
            throw new ArgumentError("offset must not be negative, got " + n);
        }
        return new Select(items, froms, where, groupBy, having, orderBy, limit, BindParameter.value(n, SqlTypes.LONG), distinct, options, rowLock);
    }

    /** A copy whose OFFSET is an expression. */
    public Select offset(Expression<?> n) {
        return new Select(items, froms, where, groupBy, having, orderBy, limit, n, distinct, options, rowLock);
    }

    /** A copy carrying {@code more} options for the executing layer (e.g. ORM loader options); the SQL is unchanged. */
    public Select options(StatementOption... more) {
        return new Select(items, froms, where, groupBy, having, orderBy, limit, offset, distinct, plus(options, Arrays.asList(more)), rowLock);
    }

    /**
     * A copy that locks the rows it returns until the transaction ends ({@code FOR UPDATE}), so
     * a read-modify-write of them cannot lose another transaction's update: the portable way to
     * increment a counter or move money. Other transactions that lock or write those rows wait.
     * On a database whose writes run one transaction at a time (SQLite, which lacks
     * {@link io.kalchemy.dialect.Capability#ROW_LOCKS}) nothing is rendered: inside a write
     * transaction no other writer can change the rows, so the promise holds already.
     */
    public Select forUpdate() {
        return withRowLock(RowLock.FOR_UPDATE);
    }

    /** As {@link #forUpdate()}, failing at once instead of waiting when another transaction holds a lock on one of the rows ({@code NOWAIT}). */
    public Select forUpdateNowait() {
        return withRowLock(RowLock.FOR_UPDATE_NOWAIT);
    }

    /**
     * As {@link #forUpdate()}, leaving out rows another transaction holds locked ({@code SKIP LOCKED}):
     * the building block of a job queue that several workers take rows from.
     */
    public Select forUpdateSkipLocked() {
        return withRowLock(RowLock.FOR_UPDATE_SKIP_LOCKED);
    }

    /** A copy with {@code lock} (null for none). */
    public Select withRowLock(RowLock lock) {
        return new Select(items, froms, where, groupBy, having, orderBy, limit, offset, distinct, options, lock);
    }

    /** The row lock the statement takes, or null. */
    public RowLock rowLock() {
        return rowLock;
    }

    /** The options given with {@link #options}. */
    public List<StatementOption> statementOptions() {
        return options;
    }

    /** A copy with SELECT DISTINCT. */
    public Select distinct() {
        return new Select(items, froms, where, groupBy, having, orderBy, limit, offset, true, options, rowLock);
    }

    /** A copy without ORDER BY, LIMIT, OFFSET and row lock (the base of a count query). */
    public Select unordered() {
        return new Select(items, froms, where, groupBy, having, List.of(), null, null, distinct, options, null);
    }

    /** This SELECT as a FROM item named {@code alias}. */
    public Subquery subquery(String alias) {
        return new Subquery(this, alias);
    }

    /**
     * This SELECT as a single value; it must select exactly one column.
     *
     * @throws ArgumentError when it selects more or fewer columns
     */
    @SuppressWarnings("unchecked")
    public <T> ScalarSubquery<T> scalarSubquery() {
        List<Expression<?>> cols = expandedColumns();
        if (cols.size() != 1) {
            throw new ArgumentError("a scalar subquery selects exactly one column; this one selects " + cols.size());
        }
        return new ScalarSubquery<>(this, (SqlType<T>) cols.get(0).type());
    }

    /** {@code EXISTS (this)}. */
    public ExistsExpression exists() {
        return new ExistsExpression(this);
    }

    /** {@code this UNION others...}. */
    public CompoundSelect union(Select... others) {
        return CompoundSelect.of(CompoundSelect.Operator.UNION, this, others);
    }

    /** {@code this UNION ALL others...}. */
    public CompoundSelect unionAll(Select... others) {
        return CompoundSelect.of(CompoundSelect.Operator.UNION_ALL, this, others);
    }

    /** {@code this INTERSECT others...}. */
    public CompoundSelect intersect(Select... others) {
        return CompoundSelect.of(CompoundSelect.Operator.INTERSECT, this, others);
    }

    /** {@code this EXCEPT others...}. */
    public CompoundSelect except(Select... others) {
        return CompoundSelect.of(CompoundSelect.Operator.EXCEPT, this, others);
    }

    /** The SELECT list items as given. */
    public List<SelectItem> items() {
        return items;
    }

    /** The SELECT list expanded to single columns (a table becomes its columns). */
    public List<Expression<?>> expandedColumns() {
        List<Expression<?>> e = expanded;
        if (e == null) {
            List<Expression<?>> out = new ArrayList<>();
            for (SelectItem item : items) {
                out.addAll(item.expand());
            }
            e = List.copyOf(out);
            expanded = e;
        }
        return e;
    }

    /** The FROM items given explicitly (with their joins). */
    public List<FromItem> froms() {
        return froms;
    }

    /**
     * The tables the statement's columns and conditions refer to that no explicit FROM item
     * covers, in order of appearance (before correlation with an enclosing statement).
     */
    public List<FromItem> implicitFroms() {
        List<FromItem> f = implicitFroms;
        if (f == null) {
            ReferencedFroms found = new ReferencedFroms();
            for (Expression<?> e : expandedColumns()) {
                e.accept(found);
            }
            for (Expression<Boolean> w : where) {
                w.accept(found);
            }
            for (Expression<?> g : groupBy) {
                g.accept(found);
            }
            for (Expression<Boolean> h : having) {
                h.accept(found);
            }
            for (SortOrder o : orderBy) {
                o.expression().accept(found);
            }
            List<FromItem> out = new ArrayList<>();
            for (FromItem candidate : found.froms()) {
                boolean covered = false;
                for (FromItem explicit : froms) {
                    if (explicit.covers(candidate)) {
                        covered = true;
                        break;
                    }
                }
                if (!covered) {
                    out.add(candidate);
                }
            }
            f = List.copyOf(out);
            implicitFroms = f;
        }
        return f;
    }

    /** The WHERE conditions (combined with AND). */
    public List<Expression<Boolean>> whereClauses() {
        return where;
    }

    /** The GROUP BY keys. */
    public List<Expression<?>> groupByClauses() {
        return groupBy;
    }

    /** The HAVING conditions (combined with AND). */
    public List<Expression<Boolean>> havingClauses() {
        return having;
    }

    /** The ORDER BY terms. */
    public List<SortOrder> orderByClauses() {
        return orderBy;
    }

    /** The LIMIT, or null. */
    public Expression<?> limitClause() {
        return limit;
    }

    /** The OFFSET, or null. */
    public Expression<?> offsetClause() {
        return offset;
    }

    /** True for SELECT DISTINCT. */
    public boolean isDistinct() {
        return distinct;
    }

    /** The name a selected expression has in result rows: its label or column name, else null. */
    public static String columnName(Expression<?> e) {
        if (e instanceof Label<?> l) {
            return l.name();
        }
        if (e instanceof ColumnExpression<?> c) {
            return c.name();
        }
        return null;
    }

    /**
     * The keys result rows use for {@code columns}: labels and column names as they are; an
     * unlabelled function call is named after the function ({@code count}, then {@code count_2}),
     * a JSON path after its last key ({@code json("meta", "pages")}: {@code pages}), anything else {@code anon_1}, {@code anon_2}, ...
     */
    public static List<String> resultNames(List<Expression<?>> columns) {
        List<String> names = new ArrayList<>(columns.size());
        java.util.Map<String, Integer> used = new java.util.HashMap<>();
        for (Expression<?> e : columns) {
            String name = columnName(e);
            if (name == null) {
                String base = e instanceof FunctionCall<?> f ? f.name() : e instanceof JsonPathExpression<?> j ? j.resultName() : "anon";
                int n = used.merge(base, 1, Integer::sum);
                name = base.equals("anon") || n > 1 ? base + "_" + n : base;
            }
            names.add(name);
        }
        return names;
    }

    @Override
    public void accept(SqlVisitor visitor) {
        visitor.visitSelect(this);
    }
}
