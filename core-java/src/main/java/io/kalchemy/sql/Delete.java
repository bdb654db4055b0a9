package io.kalchemy.sql;

import io.kalchemy.errors.ArgumentError;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** An immutable DELETE: {@code delete(users).where(users.id.eq(5))}. Supports RETURNING. */
public final class Delete extends StatementBase {
    private final NamedTable table;
    private final List<Expression<Boolean>> where;
    private final List<SelectItem> returning;

    Delete(NamedTable table) {
        this(table, List.of(), List.of());
    }

    private Delete(NamedTable table, List<Expression<Boolean>> where, List<SelectItem> returning) {
        if (table == null) {
            throw new ArgumentError("delete() needs a table");
        }
        this.table = table;
        this.where = where;
        this.returning = returning;
    }

    /** A copy with the conditions added to WHERE (combined with AND). */
    @SafeVarargs
    public final Delete where(Expression<Boolean>... conditions) {
        List<Expression<Boolean>> next = new ArrayList<>(where);
        next.addAll(Arrays.asList(conditions));
        return new Delete(table, List.copyOf(next), returning);
    }

    /** A copy with {@code RETURNING items}. */
    public Delete returning(SelectItem... items) {
        return new Delete(table, where, List.copyOf(Arrays.asList(items)));
    }

    /** The target table. */
    public NamedTable table() {
        return table;
    }

    /** The WHERE conditions. */
    public List<Expression<Boolean>> whereClauses() {
        return where;
    }

    /** The RETURNING items. */
    public List<SelectItem> returning() {
        return returning;
    }

    @Override
    public void accept(SqlVisitor visitor) {
        visitor.visitDelete(this);
    }
}
