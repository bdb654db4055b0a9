package io.kalchemy.engine;

import java.util.List;

/**
 * Hears every statement an engine's connections run (SQLAlchemy's
 * {@code before_cursor_execute} / {@code after_cursor_execute}). Called on the executing thread;
 * keep it fast, and do not run statements from it.
 */
public interface ExecutionListener {
    /** Called after the parameters are bound, before SQLite runs the statement. */
    default void beforeExecute(String sql, List<Object> parameters) {
    }

    /** Called after the statement ran (for queries, once the cursor is open). */
    default void afterExecute(String sql, List<Object> parameters, long elapsedNanos) {
    }
}
