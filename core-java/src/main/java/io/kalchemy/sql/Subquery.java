package io.kalchemy.sql;

import io.kalchemy.errors.ArgumentError;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A SELECT used as a FROM item: {@code (SELECT ...) AS name}. Its columns are named after the
 * inner SELECT's labels or column names; get one by name or with {@link #get(Expression)}.
 */
public final class Subquery implements FromItem {
    private final Select select;
    private final String alias;
    private final List<DerivedColumn<?>> columns;
    private final Map<Expression<?>, DerivedColumn<?>> bySource = new IdentityHashMap<>();

    Subquery(Select select, String alias) {
        if (alias == null || alias.isEmpty()) {
            throw new ArgumentError("a subquery needs a non-empty alias");
        }
        this.select = select;
        this.alias = alias;
        List<DerivedColumn<?>> cols = new ArrayList<>();
        List<Expression<?>> selected = select.expandedColumns();
        List<String> names = Select.resultNames(selected);
        for (int i = 0; i < selected.size(); i++) {
            Expression<?> e = selected.get(i);
            String name = names.get(i);
            DerivedColumn<?> c = new DerivedColumn<>(this, name, e.type());
            cols.add(c);
            bySource.put(e, c);
            if (e instanceof Label<?> l) {
                bySource.putIfAbsent(l.expression(), c);
            }
        }
        this.columns = List.copyOf(cols);
    }

    /** The inner SELECT. */
    public Select select() {
        return select;
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
     * The subquery's column that exposes {@code source}, one of the inner SELECT's columns.
     *
     * @throws ArgumentError when the inner SELECT does not select it
     */
    @SuppressWarnings("unchecked")
    public <T> ColumnExpression<T> get(Expression<T> source) {
        DerivedColumn<?> c = bySource.get(source);
        if (c == null) {
            throw new ArgumentError(Operators.describe(source) + " is not selected by subquery " + alias);
        }
        return (ColumnExpression<T>) c;
    }

    @Override
    public void accept(SqlVisitor visitor) {
        visitor.visitSubquery(this);
    }
}
