package io.kalchemy.dialect.postgresql;

import io.kalchemy.dialect.Dialect;
import io.kalchemy.dialect.SqlCompiler;
import io.kalchemy.sql.BindParameter;
import io.kalchemy.sql.Expression;
import io.kalchemy.sql.JsonContains;
import io.kalchemy.sql.JsonPathExpression;
import io.kalchemy.types.JsonDocumentType;

import java.util.List;

/**
 * PostgreSQL's statement compiler: the shared standard rendering with native {@code ILIKE}, and
 * JSON paths with {@code jsonb}'s operators, each key or index bound as its own parameter:
 * {@code doc -> ? ->> ?} (cast to the kind read), {@code jsonb_array_length(doc -> ?)}, and
 * membership through {@code jsonb_array_elements}. A document that is not a JSON column is cast
 * to {@code jsonb}. One instance compiles one statement.
 */
public class PostgresCompiler extends SqlCompiler {
    /** A compiler rendering for {@code dialect}. */
    public PostgresCompiler(Dialect dialect) {
        super(dialect);
    }

    @Override
    protected boolean hasIlike() {
        return true;
    }

    /**
     * Several rows with RETURNING (and no ON CONFLICT) go through a sorted SELECT, as SQLAlchemy's
     * "insertmanyvalues" does: {@code SELECT p0, p1 FROM (VALUES (CAST(? AS t0), CAST(? AS t1), 0), ...)
     * AS sen(p0, p1, sen_n) ORDER BY sen_n}. The rows are then inserted in their given order, so an
     * identity column hands out ascending keys in that order, and the caller matches keys to rows
     * by sorting them ({@link io.kalchemy.dialect.Capability#ORDERED_INSERT_KEYS}); RETURNING's own
     * row order is not promised. Each value is cast to its column's type without length or scale
     * (an explicit cast to {@code varchar(n)} or {@code numeric(p,s)} would cut the value; the
     * assignment to the column then checks it, as a plain INSERT does).
     */
    @Override
    protected void insertRows(io.kalchemy.sql.Insert insert, List<io.kalchemy.sql.ColumnExpression<?>> cols,
                              List<java.util.Map<io.kalchemy.sql.ColumnExpression<?>, Expression<?>>> rows) {
        if (rows.size() < 2 || insert.returning().isEmpty() || insert.onConflict() != null) {
            super.insertRows(insert, cols, rows);
            return;
        }
        String[] types = new String[cols.size()];
        for (int i = 0; i < types.length; i++) {
            types[i] = castType(dialect.types().ddl(cols.get(i).type()));
        }
        sql.append("SELECT ");
        for (int i = 0; i < cols.size(); i++) {
            sql.append(i > 0 ? ", p" : "p").append(i);
        }
        sql.append(" FROM (VALUES ");
        for (int r = 0; r < rows.size(); r++) {
            sql.append(r > 0 ? ", (" : "(");
            java.util.Map<io.kalchemy.sql.ColumnExpression<?>, Expression<?>> row = rows.get(r);
            for (int i = 0; i < cols.size(); i++) {
                sql.append("CAST(");
                row.get(cols.get(i)).accept(this);
                sql.append(" AS ").append(types[i]).append("), ");
            }
            sql.append(r).append(')');
        }
        sql.append(") AS sen(");
        for (int i = 0; i < cols.size(); i++) {
            sql.append('p').append(i).append(", ");
        }
        sql.append("sen_n) ORDER BY sen_n");
    }

    /** A declared type without its length, precision or scale; character types as TEXT. */
    private static String castType(String ddl) {
        int paren = ddl.indexOf('(');
        String base = (paren < 0 ? ddl : ddl.substring(0, paren)).trim();
        String upper = base.toUpperCase(java.util.Locale.ROOT);
        return upper.equals("VARCHAR") || upper.equals("CHAR") || upper.startsWith("CHARACTER") ? "TEXT" : base;
    }

    @Override
    public void visitJsonPath(JsonPathExpression<?> path) {
        String cast = switch (path.kind()) {
            case LONG -> "BIGINT";
            case DOUBLE -> "DOUBLE PRECISION";
            case BOOLEAN -> "BOOLEAN";
            case JSON -> "TEXT"; // the jsonb value's text: objects and arrays stay JSON
            default -> null;
        };
        if (path.kind() == JsonPathExpression.Kind.ARRAY_LENGTH) {
            sql.append("jsonb_array_length(");
            jsonValue(path.document(), path.stepParameters());
            sql.append(')');
            return;
        }
        if (cast != null) {
            sql.append("CAST(");
        }
        if (path.kind() == JsonPathExpression.Kind.JSON) {
            jsonValue(path.document(), path.stepParameters());
        } else {
            textValue(path.document(), path.stepParameters());
        }
        if (cast != null) {
            sql.append(" AS ").append(cast).append(')');
        }
    }

    /** {@code EXISTS (SELECT 1 FROM jsonb_array_elements(doc -> ?) AS elements WHERE elements.value = to_jsonb(?))}. */
    @Override
    public void visitJsonContains(JsonContains contains) {
        sql.append("EXISTS (SELECT 1 FROM jsonb_array_elements(");
        jsonValue(contains.document(), contains.stepParameters());
        sql.append(") AS elements WHERE elements.value = to_jsonb(");
        contains.value().accept(this);
        sql.append("))");
    }

    /** The jsonb value at the steps: {@code (doc -> ? -> ?)}. */
    private void jsonValue(Expression<?> document, List<BindParameter<?>> steps) {
        sql.append('(');
        document(document);
        for (BindParameter<?> step : steps) {
            sql.append(" -> ");
            visitBind(step);
        }
        sql.append(')');
    }

    /** The text of the value at the steps: {@code (doc -> ? ->> ?)}, or {@code (doc #>> '{}')} for the document itself. */
    private void textValue(Expression<?> document, List<BindParameter<?>> steps) {
        sql.append('(');
        document(document);
        if (steps.isEmpty()) {
            sql.append(" #>> '{}'");
        }
        for (int i = 0; i < steps.size(); i++) {
            sql.append(i == steps.size() - 1 ? " ->> " : " -> ");
            visitBind(steps.get(i));
        }
        sql.append(')');
    }

    private void document(Expression<?> document) {
        if (document.type() instanceof JsonDocumentType<?>) {
            document.accept(this);
            return;
        }
        sql.append("CAST(");
        document.accept(this);
        sql.append(" AS JSONB)");
    }
}
