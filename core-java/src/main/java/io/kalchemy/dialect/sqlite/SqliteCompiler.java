package io.kalchemy.dialect.sqlite;

import io.kalchemy.dialect.Dialect;
import io.kalchemy.dialect.SqlCompiler;
import io.kalchemy.sql.Expression;
import io.kalchemy.sql.JsonContains;
import io.kalchemy.sql.JsonPathExpression;

/**
 * The SQLite variant of {@link SqlCompiler}: a LIMIT before every OFFSET, booleans as 1/0 (as
 * SQLAlchemy stores them), a WHERE after an upsert's SELECT, and JSON through the JSON1 functions.
 */
public class SqliteCompiler extends SqlCompiler {
    /** Creates a compiler for {@code dialect}. */
    public SqliteCompiler(Dialect dialect) {
        super(dialect);
    }

    @Override
    protected void booleanLiteral(boolean value) {
        sql.append(value ? '1' : '0');
    }

    /** SQLite's parser cannot tell the upsert's ON from a join's without a WHERE (sqlite.org/lang_upsert.html, "parsing ambiguity"). */
    @Override
    protected void upsertSelectWithoutWhere() {
        sql.append(" WHERE true");
    }

    @Override
    protected void limitOffset(Expression<?> limit, Expression<?> offset) {
        if (limit == null && offset != null) {
            sql.append(" LIMIT -1 OFFSET ");
            offset.accept(this);
            return;
        }
        super.limitOffset(limit, offset);
    }

    /** SQLite's JSON1 functions: {@code json_extract}, {@code json(json_extract(...))}, {@code json_array_length}, path bound. */
    @Override
    public void visitJsonPath(JsonPathExpression<?> path) {
        JsonPathExpression.Kind kind = path.kind();
        sql.append(switch (kind) {
            case JSON -> "json(json_extract(";
            case ARRAY_LENGTH -> "json_array_length(";
            default -> "json_extract(";
        });
        path.document().accept(this);
        sql.append(", ");
        visitBind(path.pathParameter());
        sql.append(kind == JsonPathExpression.Kind.JSON ? "))" : ")");
    }

    /** {@code EXISTS (SELECT 1 FROM json_each(doc, path) AS elements WHERE elements.value = ?)}. */
    @Override
    public void visitJsonContains(JsonContains contains) {
        sql.append("EXISTS (SELECT 1 FROM json_each(");
        contains.document().accept(this);
        sql.append(", ");
        visitBind(contains.pathParameter());
        sql.append(") AS elements WHERE elements.value = ");
        contains.value().accept(this);
        sql.append(')');
    }
}
