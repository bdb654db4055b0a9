package io.kalchemy.dialect;

import io.kalchemy.schema.ReferentialAction;
import io.kalchemy.types.SqlType;

import java.util.List;

/**
 * How one database describes its schema: the per-dialect half of reflection, as SQLAlchemy's
 * {@code Dialect.get_columns}, {@code get_indexes}, {@code get_foreign_keys}... The dialect-neutral
 * {@code io.kalchemy.inspect.Inspector} turns what it returns into {@code Table}s.
 *
 * <p>Every method reads through the {@link Queries} it is given (the caller's connection, inside
 * its transaction) and returns plain descriptions. Implementations are stateless and
 * thread-safe.
 */
public interface SchemaReader {
    /** Runs a query with bound parameters on the caller's connection and returns its rows. */
    @FunctionalInterface
    interface Queries {
        /** The rows of {@code sql} with {@code parameters} bound in order, each as an array of its values. */
        List<Object[]> rows(String sql, Object... parameters);
    }

    /**
     * One column of a table or view.
     *
     * @param name the column name as stored
     * @param type the type values are read and written with
     * @param nullable false when the column cannot hold NULL
     * @param serverDefault the default expression's SQL, or null
     * @param primaryKeyPosition 1-based position in the primary key, 0 when not part of it
     */
    record ReflectedColumn(String name, SqlType<?> type, boolean nullable, String serverDefault, int primaryKeyPosition) {
    }

    /**
     * An index, or the index behind a UNIQUE constraint.
     *
     * @param name the index name
     * @param unique true for a unique index
     * @param constraint true when it enforces a UNIQUE constraint of the table definition
     * @param columns the indexed columns in order, or null for an index on expressions
     */
    record ReflectedIndex(String name, boolean unique, boolean constraint, List<String> columns) {
    }

    /**
     * A foreign key.
     *
     * @param referencedTable the table it refers to
     * @param columns the referring columns in order
     * @param referencedColumns the referred columns in the same order; a null entry means the
     *                          referenced table's primary-key column at that position
     * @param onDelete the action on delete of the referred row
     * @param onUpdate the action on update of the referred key
     */
    record ReflectedForeignKey(String referencedTable, List<String> columns, List<String> referencedColumns,
            ReferentialAction onDelete, ReferentialAction onUpdate) {
    }

    /** The user tables in name order (the database's own tables excluded). */
    List<String> tableNames(Queries database);

    /** The views in name order. */
    List<String> viewNames(Queries database);

    /** The name of the table or view as stored when {@code name} matches one (case-insensitively where the database does), else null. */
    String storedName(Queries database, String name);

    /** The DDL the database keeps for a table or view, or null when it keeps none. */
    String definition(Queries database, String name);

    /** The columns of a table or view in order; empty when there is none named so. */
    List<ReflectedColumn> columns(Queries database, String table);

    /** The table's indexes, including those behind UNIQUE constraints but not the primary key's. */
    List<ReflectedIndex> indexes(Queries database, String table);

    /** The table's foreign keys in declaration order. */
    List<ReflectedForeignKey> foreignKeys(Queries database, String table);

    /** The bodies of the table's CHECK constraints as SQL. */
    List<String> checks(Queries database, String table);
}
