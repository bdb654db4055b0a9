package io.kalchemy.dialect;

import io.kalchemy.errors.DatabaseError;
import io.kalchemy.schema.Index;
import io.kalchemy.schema.Table;
import io.kalchemy.sql.Statement;

import java.sql.SQLException;
import java.util.List;

/**
 * What differs between databases: how statements and DDL are rendered, how identifiers are
 * quoted, and how driver errors become Kalchemy exceptions. Implementations are immutable and
 * thread-safe; {@link SqliteDialect} is the one Kalchemy ships.
 */
public interface Dialect {
    /** A short name, e.g. {@code sqlite}. */
    String name();

    /**
     * Compiles {@code statement}, reusing the compiled form cached on the statement when there is one.
     *
     * @throws io.kalchemy.errors.ArgumentError when the statement cannot be rendered for this dialect
     */
    CompiledStatement compile(Statement statement);

    /** {@code identifier}, quoted only when it must be (reserved words, odd characters). */
    String quote(String identifier);

    /** {@code CREATE TABLE IF NOT EXISTS ...} for {@code table}. */
    String createTable(Table table);

    /** {@code CREATE [UNIQUE] INDEX IF NOT EXISTS ...} statements for the table's indexes. */
    List<String> createIndexes(Table table);

    /** {@code CREATE [UNIQUE] INDEX IF NOT EXISTS ...} for one index. */
    String createIndex(Index index);

    /** {@code DROP TABLE IF EXISTS ...}. */
    String dropTable(Table table);

    /** The Kalchemy exception for a driver error raised while running {@code sql} (may be null). */
    DatabaseError translate(SQLException error, String sql);

    /**
     * True when foreign-key checks in the transaction open on {@code jdbc} may be deferred to its
     * COMMIT (deferrable constraints in the schema, or deferral switched on), so a violation would
     * show only there. Group commit does not share a COMMIT then: a violation must reach the
     * transaction that caused it. The default says "maybe".
     *
     * @param cache per-connection memo the dialect may use between calls (a one-element array)
     */
    default boolean mayDeferForeignKeyChecks(java.sql.Connection jdbc, long[] cache) throws SQLException {
        return true;
    }
}
