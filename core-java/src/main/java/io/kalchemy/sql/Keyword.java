package io.kalchemy.sql;

import io.kalchemy.types.SqlType;

/**
 * A fixed SQL fragment such as {@code *} or {@code NULL}. Only Kalchemy creates these, from
 * constants; user text goes through {@link TextClause}.
 *
 * @param <T> the type the fragment evaluates to
 */
public final class Keyword<T> implements Expression<T> {
    private final String sql;
    private final SqlType<T> type;

    Keyword(String sql, SqlType<T> type) {
        this.sql = sql;
        this.type = type;
    }

    /** The fragment's SQL. */
    public String sql() {
        return sql;
    }

    @Override
    public SqlType<T> type() {
        return type;
    }

    @Override
    public void accept(SqlVisitor visitor) {
        visitor.visitKeyword(this);
    }
}
