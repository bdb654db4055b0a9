package io.kalchemy.sql;

/**
 * A named column of a FROM item: a table's column, a column seen through a table alias, or a
 * column of a subquery. Rendered as {@code qualifier.name}.
 *
 * @param <T> the Java type of the column's values
 */
public interface ColumnExpression<T> extends Expression<T> {
    /** The column's name (unquoted). */
    String name();

    /** The FROM item the column belongs to. */
    FromItem from();

    @Override
    default void accept(SqlVisitor visitor) {
        visitor.visitColumn(this);
    }
}
