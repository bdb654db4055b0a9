package io.kalchemy.engine;

import io.kalchemy.dialect.CompiledStatement;
import io.kalchemy.dialect.TableAccess;

import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An engine's part in live queries: who listens to its commits ({@link CommitListener}), and which
 * tables each SQL text reads and changes, asked of the dialect once per text
 * ({@link io.kalchemy.dialect.Dialect#tableAccess}) and forgotten when the schema may have changed.
 * Thread-safe.
 */
final class TableChanges {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("io.kalchemy.engine");
    /** Beyond this many SQL texts the cache starts over (statements built with varying IN lists make many). */
    private static final int MAX_CACHED = 2048;

    private final List<CommitListener> listeners = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<String, TableAccess> access = new ConcurrentHashMap<>();

    void add(CommitListener listener) {
        listeners.add(listener);
    }

    void remove(CommitListener listener) {
        listeners.remove(listener);
    }

    boolean listened() {
        return !listeners.isEmpty();
    }

    /** Tells every listener that a COMMIT changed {@code tables} (null: every table); a schema change empties the cache first. */
    void committed(Set<String> tables) {
        if (tables == null) {
            access.clear();
        }
        for (CommitListener l : listeners) {
            try {
                l.committed(tables);
            } catch (RuntimeException e) {
                // the COMMIT is done: a failing listener must not make it look failed
                LOG.warn("a commit listener failed; the commit stands", e);
            }
        }
    }

    /** Forgets what each SQL text touches: the schema may have changed where this engine did not see it. */
    void forget() {
        access.clear();
    }

    /** What {@code statement} reads and changes, asked through {@code connection} the first time its SQL is seen. */
    TableAccess of(Connection connection, CompiledStatement statement) {
        TableAccess known = access.get(statement.sql());
        if (known != null) {
            return known;
        }
        TableAccess found;
        try {
            found = connection.dialect().tableAccess(connection.physical().jdbc, statement);
        } catch (SQLException | RuntimeException e) {
            return TableAccess.UNKNOWN; // not cached: the next transaction asks again
        }
        if (access.size() >= MAX_CACHED) {
            access.clear();
        }
        access.put(statement.sql(), found);
        return found;
    }

    /** The tables the {@code statements} change together (null: every table), asked through {@code connection}. */
    Set<String> writes(Connection connection, Collection<CompiledStatement> statements) {
        return union(connection, statements, TableAccess::writes);
    }

    /** The tables the {@code statements} read together (null: every table), asked through {@code connection}. */
    Set<String> reads(Connection connection, Collection<CompiledStatement> statements) {
        return union(connection, statements, TableAccess::reads);
    }

    private Set<String> union(Connection connection, Collection<CompiledStatement> statements,
            java.util.function.Function<TableAccess, Set<String>> side) {
        Set<String> all = new HashSet<>();
        for (CompiledStatement s : statements) {
            Set<String> tables = side.apply(of(connection, s));
            if (tables == null) {
                return null;
            }
            all.addAll(tables);
        }
        return all;
    }
}
