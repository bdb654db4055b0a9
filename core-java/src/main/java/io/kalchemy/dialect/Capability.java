package io.kalchemy.dialect;

/**
 * What a database can do that the shared code relies on; a dialect lists its own in
 * {@link Dialect#capabilities()}. The compiler refuses, by name, a statement that needs one the
 * dialect lacks, and the ORM chooses a slower correct path instead.
 */
public enum Capability {
    /** {@code INSERT/UPDATE/DELETE ... RETURNING}. */
    RETURNING,
    /** {@code INSERT ... VALUES (...), (...)}: several rows in one statement. */
    MULTI_ROW_INSERT,
    /**
     * A multi-row {@code INSERT ... RETURNING} of a generated integer key hands the keys out in
     * ascending order of the VALUES rows (SQLite's rowids do). Without it the ORM inserts rows with
     * generated keys one per statement, so each key is matched to its row.
     */
    ORDERED_INSERT_KEYS,
    /** {@code INSERT ... ON CONFLICT ... DO NOTHING / DO UPDATE}. */
    UPSERT,
    /** {@code SAVEPOINT} / {@code RELEASE} / {@code ROLLBACK TO}: nested transactions. */
    SAVEPOINTS,
    /** DDL takes part in transactions, so a failed migration revision rolls its DDL back too. */
    TRANSACTIONAL_DDL,
    /**
     * {@code CREATE TABLE} may name, in a foreign key, a table that does not exist yet (SQLite).
     * Without it, a foreign key of a cycle is added by {@code ALTER TABLE} once both tables exist.
     */
    FORWARD_FOREIGN_KEYS,
    /**
     * {@code SELECT ... FOR UPDATE [NOWAIT | SKIP LOCKED]} locks rows. Without it the clause is not
     * rendered: the database runs one write transaction at a time (SQLite), so rows read inside a
     * write transaction cannot change under it.
     */
    ROW_LOCKS,
    /**
     * Several connections may run write transactions at once; conflicts between them surface as
     * {@link io.kalchemy.errors.OperationalError.Kind#CONFLICT} (serialization failures,
     * deadlocks), for the caller to retry. The coroutine facade then runs transactions
     * concurrently on a pool; without it, one at a time on a single writer connection.
     */
    CONCURRENT_WRITERS,
    /**
     * {@code ALTER TABLE} drops, retypes and changes the nullability of columns and adds and drops
     * constraints in place, keeping the table's indexes. Without it (SQLite) autogenerate rebuilds
     * the table, which recreates its indexes.
     */
    ALTER_COLUMNS,
}
