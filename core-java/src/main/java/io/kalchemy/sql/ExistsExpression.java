package io.kalchemy.sql;

import io.kalchemy.types.SqlType;
import io.kalchemy.types.SqlTypes;

/** {@code EXISTS (SELECT ...)}; negate with {@link #not()}. Enclosing tables are correlated. */
public final class ExistsExpression implements Expression<Boolean> {
    private final Select select;

    ExistsExpression(Select select) {
        this.select = select;
    }

    /** The inner SELECT. */
    public Select select() {
        return select;
    }

    @Override
    public SqlType<Boolean> type() {
        return SqlTypes.BOOLEAN;
    }

    @Override
    public void accept(SqlVisitor visitor) {
        visitor.visitExists(this);
    }
}
