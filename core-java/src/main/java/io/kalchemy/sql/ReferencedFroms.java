package io.kalchemy.sql;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Walks expressions and collects the FROM items their columns belong to, in order of first
 * appearance. Does not enter subqueries: they are their own scope.
 */
final class ReferencedFroms implements SqlVisitor {
    private final Set<FromItem> found = new LinkedHashSet<>();

    List<FromItem> froms() {
        return new ArrayList<>(found);
    }

    private void all(List<? extends Expression<?>> list) {
        for (Expression<?> e : list) {
            e.accept(this);
        }
    }

    @Override
    public void visitColumn(ColumnExpression<?> column) {
        if (column.from() != null) {
            found.add(column.from());
        }
    }

    @Override
    public void visitBind(BindParameter<?> bind) {
    }

    @Override
    public void visitBinary(BinaryExpression<?> binary) {
        binary.left().accept(this);
        binary.right().accept(this);
    }

    @Override
    public void visitUnary(UnaryExpression<?> unary) {
        unary.operand().accept(this);
    }

    @Override
    public void visitBooleanList(BooleanClauseList list) {
        all(list.clauses());
    }

    @Override
    public void visitIn(InExpression in) {
        in.left().accept(this);
        if (in.values() != null) {
            all(in.values());
        }
    }

    @Override
    public void visitJsonPath(JsonPathExpression<?> path) {
        path.document().accept(this);
    }

    @Override
    public void visitJsonContains(JsonContains contains) {
        contains.document().accept(this);
        contains.value().accept(this);
    }

    @Override
    public void visitBetween(BetweenExpression between) {
        between.operand().accept(this);
        between.low().accept(this);
        between.high().accept(this);
    }

    @Override
    public void visitLike(LikeExpression like) {
        like.operand().accept(this);
        like.pattern().accept(this);
    }

    @Override
    public void visitCase(CaseExpression<?> caseExpression) {
        for (CaseExpression.When w : caseExpression.whens()) {
            w.condition().accept(this);
            w.result().accept(this);
        }
        if (caseExpression.otherwiseValue() != null) {
            caseExpression.otherwiseValue().accept(this);
        }
    }

    @Override
    public void visitFunction(FunctionCall<?> function) {
        all(function.arguments());
    }

    @Override
    public void visitCast(CastExpression<?> cast) {
        cast.operand().accept(this);
    }

    @Override
    public void visitLabel(Label<?> label) {
        label.expression().accept(this);
    }

    @Override
    public void visitScalarSubquery(ScalarSubquery<?> subquery) {
    }

    @Override
    public void visitExists(ExistsExpression exists) {
    }

    @Override
    public void visitText(TextClause text) {
    }

    @Override
    public void visitKeyword(Keyword<?> keyword) {
    }

    @Override
    public void visitExcluded(ExcludedColumn<?> excluded) {
    }

    @Override
    public void visitTable(NamedTable table) {
        found.add(table);
    }

    @Override
    public void visitTableAlias(TableAlias alias) {
        found.add(alias);
    }

    @Override
    public void visitJoin(Join join) {
        found.add(join);
    }

    @Override
    public void visitSubquery(Subquery subquery) {
        found.add(subquery);
    }

    @Override
    public void visitTableFunction(TableFunction function) {
        found.add(function);
    }

    @Override
    public void visitSelect(Select select) {
    }

    @Override
    public void visitCompoundSelect(CompoundSelect compound) {
    }

    @Override
    public void visitInsert(Insert insert) {
    }

    @Override
    public void visitUpdate(Update update) {
    }

    @Override
    public void visitDelete(Delete delete) {
    }
}
