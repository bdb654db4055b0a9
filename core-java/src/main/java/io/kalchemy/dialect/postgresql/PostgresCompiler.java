package io.kalchemy.dialect.postgresql;

import io.kalchemy.dialect.Dialect;
import io.kalchemy.dialect.SqlCompiler;

/**
 * PostgreSQL's statement compiler: the shared standard rendering with native {@code ILIKE}.
 * JSON paths are not rendered yet (the shared SQL:2016 {@code JSON_VALUE} needs PostgreSQL 17).
 * One instance compiles one statement.
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
}
