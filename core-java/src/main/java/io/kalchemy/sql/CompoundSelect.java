package io.kalchemy.sql;

import io.kalchemy.errors.ArgumentError;
import io.kalchemy.types.SqlTypes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * SELECTs combined with UNION, UNION ALL, INTERSECT or EXCEPT, with an optional ORDER BY,
 * LIMIT and OFFSET over the whole. Members may not have their own ORDER BY or LIMIT (SQLite
 * does not allow it); wrap such a member in a subquery.
 */
public final class CompoundSelect extends StatementBase {
    /** How members are combined. */
    public enum Operator {
        UNION("UNION"), UNION_ALL("UNION ALL"), INTERSECT("INTERSECT"), EXCEPT("EXCEPT");

        private final String sql;

        Operator(String sql) {
            this.sql = sql;
        }

        /** The SQL keywords. */
        public String sql() {
            return sql;
        }
    }

    private final Operator operator;
    private final List<Select> selects;
    private final List<SortOrder> orderBy;
    private final Expression<?> limit;
    private final Expression<?> offset;

    private CompoundSelect(Operator operator, List<Select> selects, List<SortOrder> orderBy, Expression<?> limit, Expression<?> offset) {
        this.operator = operator;
        this.selects = selects;
        this.orderBy = orderBy;
        this.limit = limit;
        this.offset = offset;
    }

    static CompoundSelect of(Operator op, Select first, Select... others) {
        if (others.length == 0) {
            throw new ArgumentError(op.sql() + " needs at least two selects");
        }
        List<Select> all = new ArrayList<>();
        all.add(first);
        all.addAll(Arrays.asList(others));
        int width = first.expandedColumns().size();
        for (Select s : all) {
            if (!s.orderByClauses().isEmpty() || s.limitClause() != null || s.offsetClause() != null) {
                throw new ArgumentError("a member of " + op.sql() + " cannot have its own ORDER BY, LIMIT or OFFSET;"
                        + " order or limit the compound instead");
            }
            if (s.expandedColumns().size() != width) {
                throw new ArgumentError("all members of " + op.sql() + " must select the same number of columns: "
                        + width + " vs " + s.expandedColumns().size());
            }
        }
        return new CompoundSelect(op, List.copyOf(all), List.of(), null, null);
    }

    /** A copy with ORDER BY terms added (refer to columns of the first member or by label). */
    public CompoundSelect orderBy(SortOrder... order) {
        List<SortOrder> next = new ArrayList<>(orderBy);
        next.addAll(Arrays.asList(order));
        return new CompoundSelect(operator, selects, List.copyOf(next), limit, offset);
    }

    /** A copy returning at most {@code n} rows. */
    public CompoundSelect limit(long n) {
        return new CompoundSelect(operator, selects, orderBy, BindParameter.value(n, SqlTypes.LONG), offset);
    }

    /** A copy skipping the first {@code n} rows. */
    public CompoundSelect offset(long n) {
        return new CompoundSelect(operator, selects, orderBy, limit, BindParameter.value(n, SqlTypes.LONG));
    }

    /** The combining operator. */
    public Operator operator() {
        return operator;
    }

    /** The members in order. */
    public List<Select> selects() {
        return selects;
    }

    /** ORDER BY over the whole. */
    public List<SortOrder> orderByClauses() {
        return orderBy;
    }

    /** LIMIT over the whole, or null. */
    public Expression<?> limitClause() {
        return limit;
    }

    /** OFFSET over the whole, or null. */
    public Expression<?> offsetClause() {
        return offset;
    }

    @Override
    public void accept(SqlVisitor visitor) {
        visitor.visitCompoundSelect(this);
    }
}
