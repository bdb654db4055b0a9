package io.kalchemy.dialect.sqlite;

import io.kalchemy.dialect.Dialect;
import io.kalchemy.dialect.SqlCompiler;
import io.kalchemy.sql.Expression;

/**
 * The SQLite variant of {@link SqlCompiler}: a LIMIT before every OFFSET, booleans as 1/0 (as
 * SQLAlchemy stores them), and a WHERE after an upsert's SELECT.
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
}
