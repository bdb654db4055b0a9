package io.kalchemy.sql;

import io.kalchemy.types.SqlType;
import io.kalchemy.types.SqlTypes;

import java.util.ArrayList;
import java.util.List;

/**
 * Conditions joined by AND or OR. Nested lists of the same operator are flattened; an empty
 * AND is true and an empty OR is false.
 */
public final class BooleanClauseList implements Expression<Boolean> {
    private final Conjunction operator;
    private final List<Expression<Boolean>> clauses;

    private BooleanClauseList(Conjunction operator, List<Expression<Boolean>> clauses) {
        this.operator = operator;
        this.clauses = clauses;
    }

    static Expression<Boolean> and(List<Expression<Boolean>> clauses) {
        return of(Conjunction.AND, clauses);
    }

    static Expression<Boolean> or(List<Expression<Boolean>> clauses) {
        return of(Conjunction.OR, clauses);
    }

    private static Expression<Boolean> of(Conjunction op, List<Expression<Boolean>> clauses) {
        List<Expression<Boolean>> flat = new ArrayList<>(clauses.size());
        for (Expression<Boolean> c : clauses) {
            if (c == null) {
                throw new io.kalchemy.errors.ArgumentError(op + " condition must not be null");
            }
            if (c instanceof BooleanClauseList l && l.operator == op) {
                flat.addAll(l.clauses);
            } else {
                flat.add(c);
            }
        }
        if (flat.size() == 1) {
            return flat.get(0);
        }
        return new BooleanClauseList(op, List.copyOf(flat));
    }

    /** {@code AND} or {@code OR}. */
    public Conjunction operator() {
        return operator;
    }

    /** The joined conditions (possibly empty). */
    public List<Expression<Boolean>> clauses() {
        return clauses;
    }

    @Override
    public SqlType<Boolean> type() {
        return SqlTypes.BOOLEAN;
    }

    @Override
    public void accept(SqlVisitor visitor) {
        visitor.visitBooleanList(this);
    }

    /** How the conditions are joined. */
    public enum Conjunction {
        /** All hold; an empty list is true. */
        AND,
        /** One holds; an empty list is false. */
        OR
    }
}
