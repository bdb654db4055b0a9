package io.kalchemy.sql;

import java.util.ArrayList;
import java.util.List;

/** {@code left [LEFT OUTER] JOIN right ON condition}; its columns are both sides' columns. */
public final class Join implements FromItem {
    /** The kind of join. */
    public enum Type {
        INNER("JOIN"), LEFT("LEFT OUTER JOIN"), FULL("FULL OUTER JOIN"), CROSS("CROSS JOIN");

        private final String sql;

        Type(String sql) {
            this.sql = sql;
        }

        /** The SQL keywords. */
        public String sql() {
            return sql;
        }
    }

    private final FromItem left;
    private final FromItem right;
    private final Expression<Boolean> on;
    private final Type type;

    Join(FromItem left, FromItem right, Expression<Boolean> on, Type type) {
        this.left = left;
        this.right = right;
        this.on = on;
        this.type = type;
    }

    /** The left side (possibly itself a join). */
    public FromItem left() {
        return left;
    }

    /** The right side. */
    public FromItem right() {
        return right;
    }

    /** The ON condition, or null for CROSS JOIN. */
    public Expression<Boolean> on() {
        return on;
    }

    /** The join kind. */
    public Type type() {
        return type;
    }

    @Override
    public String name() {
        return null;
    }

    @Override
    public List<? extends ColumnExpression<?>> columns() {
        List<ColumnExpression<?>> all = new ArrayList<>(left.columns());
        all.addAll(right.columns());
        return all;
    }

    @Override
    public Expression<Boolean> joinConditionTo(FromItem other) {
        Expression<Boolean> c = right.joinConditionTo(other);
        return c != null ? c : left.joinConditionTo(other);
    }

    @Override
    public boolean covers(FromItem candidate) {
        return candidate == this || left.covers(candidate) || right.covers(candidate);
    }

    @Override
    public void accept(SqlVisitor visitor) {
        visitor.visitJoin(this);
    }
}
