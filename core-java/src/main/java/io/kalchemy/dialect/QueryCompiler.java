package io.kalchemy.dialect;

import io.kalchemy.errors.ArgumentError;
import io.kalchemy.sql.BetweenExpression;
import io.kalchemy.sql.BinaryExpression;
import io.kalchemy.sql.BindParameter;
import io.kalchemy.sql.BooleanClauseList;
import io.kalchemy.sql.CaseExpression;
import io.kalchemy.sql.CastExpression;
import io.kalchemy.sql.ColumnExpression;
import io.kalchemy.sql.CompoundSelect;
import io.kalchemy.sql.ExcludedColumn;
import io.kalchemy.sql.ExistsExpression;
import io.kalchemy.sql.Expression;
import io.kalchemy.sql.FromItem;
import io.kalchemy.sql.FunctionCall;
import io.kalchemy.sql.InExpression;
import io.kalchemy.sql.Join;
import io.kalchemy.sql.Keyword;
import io.kalchemy.sql.Label;
import io.kalchemy.sql.LikeExpression;
import io.kalchemy.sql.NamedTable;
import io.kalchemy.sql.ScalarSubquery;
import io.kalchemy.sql.Select;
import io.kalchemy.sql.SortOrder;
import io.kalchemy.sql.SqlVisitor;
import io.kalchemy.sql.Statement;
import io.kalchemy.sql.Subquery;
import io.kalchemy.sql.TableAlias;
import io.kalchemy.sql.TextClause;
import io.kalchemy.sql.UnaryExpression;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The query half of {@link SqlCompiler}: renders expressions, FROM items and SELECTs (plain and
 * compound) to SQL text and ordered parameters by visiting the tree; {@link SqlCompiler} adds
 * INSERT, UPDATE and DELETE. Standard SQL here; a dialect overrides only what differs. One
 * instance compiles one statement and is then discarded.
 */
public abstract class QueryCompiler implements SqlVisitor {
    /** Where a column is being rendered, which decides whether it is qualified. */
    protected enum ColumnStyle { QUALIFIED, BARE, RESULT_NAME }

    protected final Dialect dialect;
    protected final StringBuilder sql = new StringBuilder(128);
    protected final List<BindParameter<?>> binds = new ArrayList<>();
    protected final Deque<List<FromItem>> scopes = new ArrayDeque<>();
    protected ColumnStyle columnStyle = ColumnStyle.QUALIFIED;
    /** True while rendering a SELECT list, where labels render as {@code expr AS name}. */
    protected boolean inSelectList;
    /** True while rendering ORDER BY / GROUP BY, where labels render as their name. */
    protected boolean inOrderBy;
    /** True when values must be rendered inline (DDL), not bound. */
    protected boolean literalBinds;
    /** The result columns of the statement (a SELECT's, or what RETURNING returns). */
    protected List<ResultColumn> resultColumns = List.of();
    /** True when the statement returns rows. */
    protected boolean returnsRows;
    /** Nesting depth of SELECTs being rendered (0: the statement itself). */
    protected int depth;
    /** The tables the statement names (FROM items at any depth, DML targets); see {@link CompiledStatement#tables()}. */
    protected final Set<String> tables = new HashSet<>();
    /** True once literal SQL text was rendered: which tables it names is not known. */
    protected boolean tablesUnknown;

    /** Creates a compiler rendering for {@code dialect}. */
    protected QueryCompiler(Dialect dialect) {
        this.dialect = dialect;
    }

    /** Compiles a whole statement. */
    public CompiledStatement compile(Statement statement) {
        if (statement instanceof TextClause text) {
            renderText(text);
            return new CompiledStatement(sql.toString(), List.copyOf(binds), null, true, null);
        }
        statement.accept(this);
        TypeMap types = dialect.types();
        return new CompiledStatement(sql.toString(), List.copyOf(binds), types.bindTypes(binds), types.resultColumns(resultColumns),
                returnsRows, tablesUnknown ? null : Set.copyOf(tables), tablesUnknown ? null : TableAccess.targetOf(statement));
    }

    /** Renders a condition with values inline, for DDL such as CHECK constraints. */
    public String renderLiteral(Expression<?> expression) {
        literalBinds = true;
        columnStyle = ColumnStyle.BARE;
        if (expression instanceof TextClause text) {
            if (!text.parameterNames().isEmpty()) {
                throw new ArgumentError("DDL text cannot have parameters: " + text.text());
            }
            sql.append(text.text());
        } else {
            expression.accept(this);
        }
        return sql.toString();
    }

    // ---- helpers ------------------------------------------------------------------------------

    protected final void quoted(String identifier) {
        sql.append(dialect.quote(identifier));
    }

    /** Renders a sub-expression, parenthesized when it could bind looser than its context. */
    protected void operand(Expression<?> e) {
        boolean wrap = e instanceof BinaryExpression<?> || e instanceof BooleanClauseList || e instanceof BetweenExpression
                || e instanceof LikeExpression || e instanceof InExpression
                || (e instanceof UnaryExpression<?> u && u.operator() == io.kalchemy.sql.UnaryOperator.NOT);
        if (wrap) {
            sql.append('(');
            e.accept(this);
            sql.append(')');
        } else {
            e.accept(this);
        }
    }

    protected void commaList(List<? extends Expression<?>> list) {
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                sql.append(", ");
            }
            list.get(i).accept(this);
        }
    }

    protected void conditions(String keyword, List<Expression<Boolean>> list) {
        if (list.isEmpty()) {
            return;
        }
        sql.append(keyword);
        if (list.size() == 1) {
            list.get(0).accept(this);
        } else {
            io.kalchemy.sql.Sql.and(list).accept(this);
        }
    }

    private boolean correlated(FromItem candidate) {
        for (List<FromItem> scope : scopes) {
            for (FromItem f : scope) {
                if (f.covers(candidate)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** How {@code op} is written; a dialect overrides this for an operator it writes differently. */
    protected String operator(io.kalchemy.sql.BinaryOperator op) {
        return op.sql();
    }

    /** How {@code op} is written, with its spacing; a dialect overrides this for an operator it writes differently. */
    protected String operator(io.kalchemy.sql.UnaryOperator op) {
        return op.sql();
    }

    // ---- expressions --------------------------------------------------------------------------

    @Override
    public void visitColumn(ColumnExpression<?> column) {
        if (columnStyle == ColumnStyle.QUALIFIED && column.from() != null && column.from().name() != null) {
            quoted(column.from().name());
            sql.append('.');
        }
        quoted(column.name());
    }

    @Override
    public void visitBind(BindParameter<?> bind) {
        if (literalBinds) {
            renderLiteralValue(bind);
            return;
        }
        sql.append('?');
        binds.add(bind);
    }

    /** Renders a boolean inline: {@code TRUE} / {@code FALSE} (SQL:1999); a dialect without them overrides. */
    protected void booleanLiteral(boolean value) {
        sql.append(value ? "TRUE" : "FALSE");
    }

    /** Renders a bound value inline (DDL only): numbers, booleans, strings and NULL. */
    protected void renderLiteralValue(BindParameter<?> bind) {
        Object v = bind.value();
        if (!bind.hasValue()) {
            throw new ArgumentError("DDL cannot use named parameter :" + bind.name());
        }
        if (v == null) {
            sql.append("NULL");
        } else if (v instanceof Boolean b) {
            booleanLiteral(b);
        } else if (v instanceof Number n) {
            sql.append(n);
        } else if (v instanceof String s) {
            sql.append('\'').append(s.replace("'", "''")).append('\'');
        } else {
            throw new ArgumentError("cannot render " + v.getClass().getSimpleName() + " value inline in DDL");
        }
    }

    @Override
    public void visitBinary(BinaryExpression<?> binary) {
        operand(binary.left());
        sql.append(' ').append(operator(binary.operator())).append(' ');
        operand(binary.right());
    }

    @Override
    public void visitUnary(UnaryExpression<?> unary) {
        if (unary.postfix()) {
            operand(unary.operand());
            sql.append(operator(unary.operator()));
        } else {
            sql.append(operator(unary.operator()));
            operand(unary.operand());
        }
    }

    @Override
    public void visitBooleanList(BooleanClauseList list) {
        if (list.clauses().isEmpty()) {
            sql.append(list.operator() == BooleanClauseList.Conjunction.AND ? "1 = 1" : "1 = 0");
            return;
        }
        String sep = " " + list.operator().name() + " ";
        for (int i = 0; i < list.clauses().size(); i++) {
            if (i > 0) {
                sql.append(sep);
            }
            Expression<Boolean> c = list.clauses().get(i);
            if (c instanceof BooleanClauseList) {
                sql.append('(');
                c.accept(this);
                sql.append(')');
            } else {
                c.accept(this);
            }
        }
    }

    @Override
    public void visitIn(InExpression in) {
        if (in.values() != null && in.values().isEmpty()) {
            sql.append(in.negated() ? "1 = 1" : "1 != 1");
            return;
        }
        operand(in.left());
        sql.append(in.negated() ? " NOT IN (" : " IN (");
        if (in.values() != null) {
            commaList(in.values());
        } else {
            nestedSelect(in.subquery());
        }
        sql.append(')');
    }

    @Override
    public void visitBetween(BetweenExpression between) {
        operand(between.operand());
        sql.append(between.negated() ? " NOT BETWEEN " : " BETWEEN ");
        operand(between.low());
        sql.append(" AND ");
        operand(between.high());
    }

    /** True when the database has {@code ILIKE}; otherwise a case-insensitive LIKE compares {@code lower()} of both sides. */
    protected boolean hasIlike() {
        return false;
    }

    @Override
    public void visitLike(LikeExpression like) {
        boolean lower = like.caseInsensitive() && !hasIlike();
        if (lower) {
            sql.append("lower(");
            like.operand().accept(this);
            sql.append(')');
        } else {
            operand(like.operand());
        }
        sql.append(like.negated() ? " NOT " : " ").append(lower || !like.caseInsensitive() ? "LIKE " : "ILIKE ");
        if (lower) {
            sql.append("lower(");
            like.pattern().accept(this);
            sql.append(')');
        } else {
            operand(like.pattern());
        }
        if (like.escape() != null) {
            char c = like.escape();
            sql.append(" ESCAPE '").append(c == '\'' ? "''" : String.valueOf(c)).append('\'');
        }
    }

    @Override
    public void visitCase(CaseExpression<?> caseExpression) {
        sql.append("CASE");
        for (CaseExpression.When w : caseExpression.whens()) {
            sql.append(" WHEN ");
            w.condition().accept(this);
            sql.append(" THEN ");
            w.result().accept(this);
        }
        if (caseExpression.otherwiseValue() != null) {
            sql.append(" ELSE ");
            caseExpression.otherwiseValue().accept(this);
        }
        sql.append(" END");
    }

    @Override
    public void visitFunction(FunctionCall<?> function) {
        sql.append(function.name()).append('(');
        boolean saved = inSelectList;
        inSelectList = false;
        commaList(function.arguments());
        inSelectList = saved;
        sql.append(')');
    }

    @Override
    public void visitCast(CastExpression<?> cast) {
        String ddl = dialect.types().ddl(cast.type());
        if (ddl == null || ddl.isEmpty()) {
            throw new ArgumentError("cannot CAST to type " + cast.type() + ": it has no SQL type name");
        }
        sql.append("CAST(");
        cast.operand().accept(this);
        sql.append(" AS ").append(ddl).append(')');
    }

    @Override
    public void visitLabel(Label<?> label) {
        if (inOrderBy) {
            quoted(label.name());
        } else {
            label.expression().accept(this);
        }
    }

    @Override
    public void visitScalarSubquery(ScalarSubquery<?> subquery) {
        sql.append('(');
        nestedSelect(subquery.select());
        sql.append(')');
    }

    @Override
    public void visitExists(ExistsExpression exists) {
        sql.append("EXISTS (");
        nestedSelect(exists.select());
        sql.append(')');
    }

    @Override
    public void visitText(TextClause text) {
        tablesUnknown = true;
        sql.append('(');
        renderText(text);
        sql.append(')');
    }

    private void renderText(TextClause text) {
        List<String> pieces = text.pieces();
        for (int i = 0; i < pieces.size(); i++) {
            if (i % 2 == 0) {
                sql.append(pieces.get(i));
            } else {
                visitBind(text.parameter(pieces.get(i)));
            }
        }
    }

    @Override
    public void visitKeyword(Keyword<?> keyword) {
        sql.append(keyword.sql());
    }

    @Override
    public void visitExcluded(ExcludedColumn<?> excluded) {
        sql.append("excluded.");
        quoted(excluded.column().name());
    }

    // ---- from items ---------------------------------------------------------------------------

    @Override
    public void visitTable(NamedTable table) {
        tables.add(table.name());
        quoted(table.name());
    }

    @Override
    public void visitTableAlias(TableAlias alias) {
        tables.add(alias.table().name());
        quoted(alias.table().name());
        sql.append(" AS ");
        quoted(alias.name());
    }

    @Override
    public void visitJoin(Join join) {
        join.left().accept(this);
        sql.append(' ').append(join.type().sql()).append(' ');
        join.right().accept(this);
        if (join.on() != null) {
            sql.append(" ON ");
            join.on().accept(this);
        }
    }

    @Override
    public void visitSubquery(Subquery subquery) {
        sql.append('(');
        nestedSelect(subquery.select());
        sql.append(") AS ");
        quoted(subquery.name());
    }

    @Override
    public void visitTableFunction(io.kalchemy.sql.TableFunction function) {
        sql.append(function.function()).append('(');
        ColumnStyle saved = columnStyle;
        columnStyle = ColumnStyle.QUALIFIED;
        commaList(function.arguments());
        columnStyle = saved;
        sql.append(") AS ");
        quoted(function.name());
    }

    // ---- statements ---------------------------------------------------------------------------

    protected void nestedSelect(Select select) {
        ColumnStyle savedStyle = columnStyle;
        boolean savedList = inSelectList;
        boolean savedOrder = inOrderBy;
        columnStyle = ColumnStyle.QUALIFIED;
        inOrderBy = false;
        renderSelect(select, false);
        columnStyle = savedStyle;
        inSelectList = savedList;
        inOrderBy = savedOrder;
    }

    @Override
    public void visitSelect(Select select) {
        renderSelect(select, depth == 0);
    }

    /** Renders a SELECT ({@code top}: the statement itself, not nested); a dialect may override the whole form. */
    protected void renderSelect(Select select, boolean top) {
        depth++;
        List<FromItem> froms = new ArrayList<>(select.froms());
        for (FromItem implicit : select.implicitFroms()) {
            if (!correlated(implicit)) {
                froms.add(implicit);
            }
        }
        scopes.push(froms);
        sql.append("SELECT ");
        if (select.isDistinct()) {
            sql.append("DISTINCT ");
        }
        List<ResultColumn> results = resultList(select.expandedColumns(), top);
        if (!froms.isEmpty()) {
            sql.append(" FROM ");
            for (int i = 0; i < froms.size(); i++) {
                if (i > 0) {
                    sql.append(", ");
                }
                froms.get(i).accept(this);
            }
        }
        conditions(" WHERE ", select.whereClauses());
        if (!select.groupByClauses().isEmpty()) {
            sql.append(" GROUP BY ");
            inOrderBy = true;
            commaList(select.groupByClauses());
            inOrderBy = false;
        }
        conditions(" HAVING ", select.havingClauses());
        orderBy(select.orderByClauses());
        limitOffset(select.limitClause(), select.offsetClause());
        if (select.rowLock() != null && dialect.supports(Capability.ROW_LOCKS)) {
            sql.append(' ').append(select.rowLock().sql());
        }
        scopes.pop();
        depth--;
        if (top) {
            resultColumns = List.copyOf(results);
            returnsRows = true;
        }
    }

    /**
     * Renders result columns (a SELECT list or a RETURNING list), naming each that is not a
     * column or keyword with {@code AS}; their descriptions when {@code describe}, else null.
     */
    protected final List<ResultColumn> resultList(List<Expression<?>> columns, boolean describe) {
        List<String> names = Select.resultNames(columns);
        List<ResultColumn> results = describe ? new ArrayList<>(columns.size()) : null;
        inSelectList = true;
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                sql.append(", ");
            }
            Expression<?> c = columns.get(i);
            c.accept(this);
            if (!(c instanceof ColumnExpression<?>) && !(c instanceof Keyword<?>)) {
                sql.append(" AS ");
                quoted(names.get(i));
            }
            if (describe) {
                results.add(new ResultColumn(names.get(i), c.type(), c));
            }
        }
        inSelectList = false;
        return results;
    }

    protected void orderBy(List<SortOrder> order) {
        if (order.isEmpty()) {
            return;
        }
        sql.append(" ORDER BY ");
        inOrderBy = true;
        for (int i = 0; i < order.size(); i++) {
            if (i > 0) {
                sql.append(", ");
            }
            SortOrder o = order.get(i);
            o.expression().accept(this);
            if (o.descending()) {
                sql.append(" DESC");
            }
            if (o.nulls() == SortOrder.Nulls.FIRST) {
                sql.append(" NULLS FIRST");
            } else if (o.nulls() == SortOrder.Nulls.LAST) {
                sql.append(" NULLS LAST");
            }
        }
        inOrderBy = false;
    }

    /** Renders LIMIT / OFFSET; dialects without OFFSET-only syntax override this. */
    protected void limitOffset(Expression<?> limit, Expression<?> offset) {
        if (limit != null) {
            sql.append(" LIMIT ");
            limit.accept(this);
        }
        if (offset != null) {
            sql.append(" OFFSET ");
            offset.accept(this);
        }
    }

    @Override
    public void visitCompoundSelect(CompoundSelect compound) {
        boolean top = depth == 0;
        depth++;
        for (int i = 0; i < compound.selects().size(); i++) {
            if (i > 0) {
                sql.append(' ').append(compound.operator().sql()).append(' ');
            }
            nestedSelect(compound.selects().get(i));
        }
        ColumnStyle saved = columnStyle;
        columnStyle = ColumnStyle.RESULT_NAME;
        orderBy(compound.orderByClauses());
        columnStyle = saved;
        limitOffset(compound.limitClause(), compound.offsetClause());
        depth--;
        if (top) {
            List<Expression<?>> columns = compound.selects().get(0).expandedColumns();
            List<String> names = Select.resultNames(columns);
            List<ResultColumn> results = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                results.add(new ResultColumn(names.get(i), columns.get(i).type(), columns.get(i)));
            }
            resultColumns = List.copyOf(results);
            returnsRows = true;
        }
    }
}
