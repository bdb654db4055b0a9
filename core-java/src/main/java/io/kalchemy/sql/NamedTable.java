package io.kalchemy.sql;

/**
 * A table referenced by its name: what INSERT, UPDATE and DELETE target. Implemented by the
 * schema's {@code Table}.
 */
public interface NamedTable extends FromItem {
    /** The table's name (unquoted). */
    @Override
    String name();

    @Override
    default void accept(SqlVisitor visitor) {
        visitor.visitTable(this);
    }
}
