package io.kalchemy.sql;

/**
 * One method per kind of node; a dialect's compiler implements it to render SQL. Adding a node
 * kind adds a method here, so every compiler is told at compile time.
 */
public interface SqlVisitor {
    /** A named column of a table, alias or subquery. */
    void visitColumn(ColumnExpression<?> column);

    /** A bound parameter (a value or a named placeholder). */
    void visitBind(BindParameter<?> bind);

    /** {@code left op right}. */
    void visitBinary(BinaryExpression<?> binary);

    /** A prefix or postfix operator (NOT, IS NULL, unary minus, DISTINCT). */
    void visitUnary(UnaryExpression<?> unary);

    /** AND / OR over several conditions. */
    void visitBooleanList(BooleanClauseList list);

    /** {@code x IN (...)} over values or a subquery. */
    void visitIn(InExpression in);

    /** {@code x BETWEEN a AND b}. */
    void visitBetween(BetweenExpression between);

    /** LIKE / ILIKE with optional ESCAPE. */
    void visitLike(LikeExpression like);

    /** CASE WHEN ... THEN ... ELSE ... END. */
    void visitCase(CaseExpression<?> caseExpression);

    /** A SQL function call. */
    void visitFunction(FunctionCall<?> function);

    /** CAST(x AS type). */
    void visitCast(CastExpression<?> cast);

    /** {@code expr AS name} (in SELECT lists; elsewhere the bare expression). */
    void visitLabel(Label<?> label);

    /** A SELECT used as a single value. */
    void visitScalarSubquery(ScalarSubquery<?> subquery);

    /** EXISTS (SELECT ...). */
    void visitExists(ExistsExpression exists);

    /** A value at a location inside a JSON document. */
    void visitJsonPath(JsonPathExpression<?> path);

    /** A JSON array at a location inside a document contains a value. */
    void visitJsonContains(JsonContains contains);

    /** Literal SQL text with {@code :name} parameters. */
    void visitText(TextClause text);

    /** A fixed SQL fragment written by Kalchemy itself ({@code *}, {@code NULL}). */
    void visitKeyword(Keyword<?> keyword);

    /** {@code excluded.column} inside ON CONFLICT DO UPDATE. */
    void visitExcluded(ExcludedColumn<?> excluded);

    /** A table referenced by name. */
    void visitTable(NamedTable table);

    /** A table under an alias. */
    void visitTableAlias(TableAlias alias);

    /** A JOIN between two FROM items. */
    void visitJoin(Join join);

    /** A SELECT used as a FROM item under an alias. */
    void visitSubquery(Subquery subquery);

    /** A table-valued function ({@code json_each(...)}) as a FROM item. */
    void visitTableFunction(TableFunction function);

    /** A SELECT statement. */
    void visitSelect(Select select);

    /** UNION / UNION ALL / INTERSECT / EXCEPT of SELECTs. */
    void visitCompoundSelect(CompoundSelect compound);

    /** An INSERT statement. */
    void visitInsert(Insert insert);

    /** An UPDATE statement. */
    void visitUpdate(Update update);

    /** A DELETE statement. */
    void visitDelete(Delete delete);
}
