package io.kalchemy.sql;

/**
 * One ORDER BY term: an expression, its direction and where NULLs go.
 *
 * @param expression the sort key
 * @param descending true for DESC
 * @param nulls NULLS FIRST / LAST, or the database default
 */
public record SortOrder(Expression<?> expression, boolean descending, Nulls nulls) {
    /** Where NULL keys sort. */
    public enum Nulls { DEFAULT, FIRST, LAST }

    /** This order with NULLs first. */
    public SortOrder nullsFirst() {
        return new SortOrder(expression, descending, Nulls.FIRST);
    }

    /** This order with NULLs last. */
    public SortOrder nullsLast() {
        return new SortOrder(expression, descending, Nulls.LAST);
    }
}
