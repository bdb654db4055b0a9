package io.kalchemy.sql;

import io.kalchemy.types.SqlType;

/**
 * A SELECT of one column used as a value: {@code (SELECT count(*) FROM posts WHERE ...)}.
 * Tables of the enclosing statement are correlated automatically.
 *
 * @param <T> the value's type
 */
public final class ScalarSubquery<T> implements Expression<T> {
    private final Select select;
    private final SqlType<T> type;

    ScalarSubquery(Select select, SqlType<T> type) {
        this.select = select;
        this.type = type;
    }

    /** The inner SELECT. */
    public Select select() {
        return select;
    }

    @Override
    public SqlType<T> type() {
        return type;
    }

    @Override
    public void accept(SqlVisitor visitor) {
        visitor.visitScalarSubquery(this);
    }
}
