package io.kalchemy.sql;

import io.kalchemy.errors.ArgumentError;
import io.kalchemy.types.SqlType;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A table under another name, for self-joins: {@code FROM employees AS manager}. Its columns
 * are the table's columns qualified by the alias; get one with {@link #get(ColumnExpression)}.
 */
public final class TableAlias implements FromItem {
    private final NamedTable table;
    private final String alias;
    private final List<AliasColumn<?>> columns;
    private final Map<ColumnExpression<?>, AliasColumn<?>> byOriginal = new IdentityHashMap<>();

    TableAlias(NamedTable table, String alias) {
        if (alias == null || alias.isEmpty()) {
            throw new ArgumentError("alias of table " + table.name() + " needs a non-empty name");
        }
        this.table = table;
        this.alias = alias;
        List<AliasColumn<?>> cols = new ArrayList<>();
        for (ColumnExpression<?> c : table.columns()) {
            AliasColumn<?> ac = new AliasColumn<>(this, c);
            cols.add(ac);
            byOriginal.put(c, ac);
        }
        this.columns = List.copyOf(cols);
    }

    /** The aliased table. */
    public NamedTable table() {
        return table;
    }

    @Override
    public String name() {
        return alias;
    }

    @Override
    public List<? extends ColumnExpression<?>> columns() {
        return columns;
    }

    /**
     * The alias's version of one of the table's columns.
     *
     * @throws ArgumentError when the column is not the aliased table's
     */
    @SuppressWarnings("unchecked")
    public <T> ColumnExpression<T> get(ColumnExpression<T> original) {
        AliasColumn<?> c = byOriginal.get(original);
        if (c == null) {
            throw new ArgumentError(Operators.describe(original) + " is not a column of table " + table.name()
                    + " aliased as " + alias);
        }
        return (ColumnExpression<T>) c;
    }

    @Override
    public Expression<Boolean> joinConditionTo(FromItem other) {
        return null;
    }

    @Override
    public void accept(SqlVisitor visitor) {
        visitor.visitTableAlias(this);
    }

    /** A column seen through the alias. */
    static final class AliasColumn<T> implements ColumnExpression<T> {
        private final TableAlias alias;
        private final ColumnExpression<T> original;

        AliasColumn(TableAlias alias, ColumnExpression<T> original) {
            this.alias = alias;
            this.original = original;
        }

        @Override
        public String name() {
            return original.name();
        }

        @Override
        public FromItem from() {
            return alias;
        }

        @Override
        public SqlType<T> type() {
            return original.type();
        }
    }
}
