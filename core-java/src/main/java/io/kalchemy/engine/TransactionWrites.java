package io.kalchemy.engine;

import io.kalchemy.dialect.CompiledStatement;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The statements that may have changed something in a connection's open transaction, by SQL text,
 * one level per savepoint: a released savepoint's statements join its parent's, a rolled-back
 * one's are dropped, so a COMMIT reports only what it made durable. Recording costs one map
 * insert per writing statement; what the statements change is worked out only at COMMIT, and
 * only when someone listens. Confined to the connection's thread.
 */
final class TransactionWrites {
    private final Deque<Map<String, CompiledStatement>> levels = new ArrayDeque<>();

    /** The root level, kept from one transaction to the next (most record nothing, and none should allocate for it). */
    private final Map<String, CompiledStatement> root = new LinkedHashMap<>();

    /** A transaction began. */
    void begin() {
        levels.clear();
        root.clear();
        levels.push(root);
    }

    /** True when nothing that may write was noted (outside undone savepoints). */
    boolean isEmpty() {
        for (Map<String, CompiledStatement> level : levels) {
            if (!level.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** A savepoint began. */
    void savepoint() {
        levels.push(new LinkedHashMap<>());
    }

    /** The newest savepoint was released: its statements now belong to the level below. */
    void released() {
        Map<String, CompiledStatement> top = levels.pop();
        if (levels.isEmpty()) {
            levels.push(top);
        } else {
            levels.peek().putAll(top);
        }
    }

    /** The newest savepoint was rolled back: what it ran was undone. */
    void rolledBack() {
        levels.pop();
        if (levels.isEmpty()) {
            levels.push(new LinkedHashMap<>());
        }
    }

    /** Notes {@code statement} if it may write (a query that writes nothing is not noted). */
    void record(CompiledStatement statement) {
        if (statement.writtenTables() != null && statement.writtenTables().isEmpty()) {
            return;
        }
        Map<String, CompiledStatement> top = levels.peek();
        if (top != null) {
            top.putIfAbsent(statement.sql(), statement);
        }
    }

    /** Every statement of the transaction not undone; the transaction's root level only remains at COMMIT. */
    Collection<CompiledStatement> statements() {
        Map<String, CompiledStatement> all = new LinkedHashMap<>();
        for (Map<String, CompiledStatement> level : levels) {
            all.putAll(level);
        }
        return all.values();
    }

    /** The transaction ended: nothing is noted any more. */
    void clear() {
        levels.clear();
        root.clear();
    }
}
