package io.kalchemy.dialect;

import io.kalchemy.sql.BetweenExpression;
import io.kalchemy.sql.BinaryExpression;
import io.kalchemy.sql.BindParameter;
import io.kalchemy.sql.BooleanClauseList;
import io.kalchemy.sql.CaseExpression;
import io.kalchemy.sql.CastExpression;
import io.kalchemy.sql.ColumnExpression;
import io.kalchemy.sql.CompoundSelect;
import io.kalchemy.sql.Delete;
import io.kalchemy.sql.ExcludedColumn;
import io.kalchemy.sql.ExistsExpression;
import io.kalchemy.sql.Expression;
import io.kalchemy.sql.FromItem;
import io.kalchemy.sql.FunctionCall;
import io.kalchemy.sql.InExpression;
import io.kalchemy.sql.Insert;
import io.kalchemy.sql.Join;
import io.kalchemy.sql.Keyword;
import io.kalchemy.sql.Label;
import io.kalchemy.sql.LikeExpression;
import io.kalchemy.sql.NamedTable;
import io.kalchemy.sql.ScalarSubquery;
import io.kalchemy.sql.Select;
import io.kalchemy.sql.SortOrder;
import io.kalchemy.sql.SqlVisitor;
import io.kalchemy.sql.Subquery;
import io.kalchemy.sql.TableAlias;
import io.kalchemy.sql.TableFunction;
import io.kalchemy.sql.TextClause;
import io.kalchemy.sql.UnaryExpression;
import io.kalchemy.sql.Update;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shape of a SELECT: everything its SQL and result columns depend on, without its bound
 * values (SQLAlchemy's cache key). Two statements with equal shapes compile to the same SQL, so a
 * query rebuilt on every call is compiled once per shape ({@link CompileCache}).
 *
 * <p>The walk records, in a fixed order, each node's kind, its operators, names, flags and types,
 * and for every FROM item and bind parameter the position where that object was first met, so
 * that reuse of one object in several places (which decides correlation and placeholder values)
 * is part of the shape. Bound values are collected in walk order beside the key. Literal SQL,
 * DML and compound selects are not shaped (compiled per statement object, as before).
 *
 * <p>Not thread-safe: one instance per walk.
 */
final class StatementShape implements SqlVisitor {
    /** A shape's identity: the tokens of the walk, compared element by element. */
    static final class Key {
        private final Object[] tokens;
        private final int hash;

        private Key(Object[] tokens) {
            this.tokens = tokens;
            this.hash = Arrays.hashCode(tokens);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash && Arrays.equals(k.tokens, tokens);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private final List<Object> tokens = new ArrayList<>(64);
    private final List<BindParameter<?>> binds = new ArrayList<>();
    private final Map<Object, Integer> seen = new IdentityHashMap<>();
    private boolean shapeless;
    private List<Expression<?>> columns;

    private StatementShape() {
    }

    /** The shape of {@code select}, or null when it holds something that is not shaped (literal SQL). */
    static StatementShape of(Select select) {
        StatementShape s = new StatementShape();
        s.columns = select.expandedColumns();
        s.select(select, s.columns);
        return s.shapeless ? null : s;
    }

    /** The statement's select-list expressions (expanded), as the walk met them. */
    List<Expression<?>> columns() {
        return columns;
    }

    Key key() {
        return new Key(tokens.toArray());
    }

    /** The bind parameters in walk order (one entry per occurrence). */
    List<BindParameter<?>> binds() {
        return binds;
    }

    /** The position where {@code node} was first met, or -1 (and it is recorded now) when it is new. */
    private int firstSeen(Object node) {
        Integer at = seen.putIfAbsent(node, seen.size());
        return at == null ? -1 : at;
    }

    private void token(Object t) {
        tokens.add(t);
    }

    private void expression(Expression<?> e) {
        if (e == null) {
            token(null);
            return;
        }
        e.accept(this);
        token(e.type());
    }

    private void expressions(List<? extends Expression<?>> list) {
        token(list.size());
        for (Expression<?> e : list) {
            expression(e);
        }
    }

    private void select(Select s) {
        select(s, s.expandedColumns());
    }

    private void select(Select s, List<Expression<?>> expanded) {
        token(Select.class);
        token(s.isDistinct());
        expressions(expanded);
        token(s.froms().size());
        for (FromItem f : s.froms()) {
            from(f);
        }
        expressions(s.whereClauses());
        expressions(s.groupByClauses());
        expressions(s.havingClauses());
        token(s.orderByClauses().size());
        for (SortOrder o : s.orderByClauses()) {
            expression(o.expression());
            token(o.descending());
            token(o.nulls());
        }
        expression(s.limitClause());
        expression(s.offsetClause());
        token(s.rowLock());
    }

    private void from(FromItem f) {
        if (f == null) {
            token(null);
            return;
        }
        int at = firstSeen(f);
        token(f.getClass());
        token(at);
        if (at < 0) {
            f.accept(this); // a FROM item's own shape is recorded where it is first met
        }
    }

    // ---- expressions --------------------------------------------------------------------------

    @Override
    public void visitColumn(ColumnExpression<?> column) {
        token(ColumnExpression.class);
        token(column.name());
        from(column.from());
    }

    @Override
    public void visitBind(BindParameter<?> bind) {
        token(BindParameter.class);
        token(firstSeen(bind));
        token(bind.name());
        token(bind.hasValue());
        token(bind.supplier() != null);
        binds.add(bind);
    }

    @Override
    public void visitBinary(BinaryExpression<?> binary) {
        token(BinaryExpression.class);
        token(binary.operator());
        expression(binary.left());
        expression(binary.right());
    }

    @Override
    public void visitUnary(UnaryExpression<?> unary) {
        token(UnaryExpression.class);
        token(unary.operator());
        token(unary.postfix());
        expression(unary.operand());
    }

    @Override
    public void visitBooleanList(BooleanClauseList list) {
        token(BooleanClauseList.class);
        token(list.operator());
        expressions(list.clauses());
    }

    @Override
    public void visitIn(InExpression in) {
        token(InExpression.class);
        token(in.negated());
        expression(in.left());
        if (in.values() != null) {
            expressions(in.values());
        } else {
            token(null);
            select(in.subquery());
        }
    }

    @Override
    public void visitBetween(BetweenExpression between) {
        token(BetweenExpression.class);
        token(between.negated());
        expression(between.operand());
        expression(between.low());
        expression(between.high());
    }

    @Override
    public void visitLike(LikeExpression like) {
        token(LikeExpression.class);
        token(like.negated());
        token(like.caseInsensitive());
        token(like.escape());
        expression(like.operand());
        expression(like.pattern());
    }

    @Override
    public void visitCase(CaseExpression<?> caseExpression) {
        token(CaseExpression.class);
        token(caseExpression.whens().size());
        for (CaseExpression.When w : caseExpression.whens()) {
            expression(w.condition());
            expression(w.result());
        }
        expression(caseExpression.otherwiseValue());
    }

    @Override
    public void visitFunction(FunctionCall<?> function) {
        token(FunctionCall.class);
        token(function.name());
        expressions(function.arguments());
    }

    @Override
    public void visitCast(CastExpression<?> cast) {
        token(CastExpression.class);
        expression(cast.operand());
    }

    @Override
    public void visitLabel(Label<?> label) {
        token(Label.class);
        token(label.name());
        expression(label.expression());
    }

    @Override
    public void visitScalarSubquery(ScalarSubquery<?> subquery) {
        token(ScalarSubquery.class);
        select(subquery.select());
    }

    @Override
    public void visitExists(ExistsExpression exists) {
        token(ExistsExpression.class);
        select(exists.select());
    }

    @Override
    public void visitJsonPath(io.kalchemy.sql.JsonPathExpression<?> path) {
        token(io.kalchemy.sql.JsonPathExpression.class);
        token(path.kind());
        token(path.steps()); // rendering may follow the steps (one operator per step); the path's value is bound
        expression(path.document());
        visitBind(path.pathParameter());
        path.stepParameters().forEach(this::visitBind); // a dialect binds the path whole or step by step
    }

    @Override
    public void visitJsonContains(io.kalchemy.sql.JsonContains contains) {
        token(io.kalchemy.sql.JsonContains.class);
        token(contains.steps());
        expression(contains.document());
        visitBind(contains.pathParameter());
        contains.stepParameters().forEach(this::visitBind);
        expression(contains.value());
    }

    @Override
    public void visitText(TextClause text) {
        shapeless = true;
    }

    @Override
    public void visitKeyword(Keyword<?> keyword) {
        token(Keyword.class);
        token(keyword.sql());
    }

    @Override
    public void visitExcluded(ExcludedColumn<?> excluded) {
        shapeless = true;
    }

    // ---- from items (reached through from(), which records their first position) ---------------

    @Override
    public void visitTable(NamedTable table) {
        token(table.name());
    }

    @Override
    public void visitTableAlias(TableAlias alias) {
        token(alias.name());
        from(alias.table());
    }

    @Override
    public void visitJoin(Join join) {
        token(join.type());
        from(join.left());
        from(join.right());
        expression(join.on());
    }

    @Override
    public void visitSubquery(Subquery subquery) {
        token(subquery.name());
        select(subquery.select());
    }

    @Override
    public void visitTableFunction(TableFunction function) {
        token(function.function());
        token(function.name());
        expressions(function.arguments());
    }

    // ---- statements ---------------------------------------------------------------------------

    @Override
    public void visitSelect(Select select) {
        select(select);
    }

    @Override
    public void visitCompoundSelect(CompoundSelect compound) {
        shapeless = true;
    }

    @Override
    public void visitInsert(Insert insert) {
        shapeless = true;
    }

    @Override
    public void visitUpdate(Update update) {
        shapeless = true;
    }

    @Override
    public void visitDelete(Delete delete) {
        shapeless = true;
    }
}
