package io.kalchemy.dialect;

import io.kalchemy.sql.Expression;

/** The SQLite variant of {@link SqlCompiler}: SQLite needs a LIMIT before an OFFSET. */
public class SqliteCompiler extends SqlCompiler {
    /** Creates a compiler for {@code dialect}. */
    public SqliteCompiler(Dialect dialect) {
        super(dialect);
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
