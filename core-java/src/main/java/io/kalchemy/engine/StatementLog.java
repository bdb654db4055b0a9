package io.kalchemy.engine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Where executed SQL is logged (SLF4J): every statement with its parameters on
 * {@code io.kalchemy.sql} at DEBUG, or at INFO with {@link EngineOptions#echo} (SQLAlchemy's
 * {@code echo}); Kalchemy's own housekeeping (a read's snapshot pin, read-only switches) at TRACE;
 * statements slower than {@link EngineOptions#slowStatementMillis} on {@code io.kalchemy.sql.slow}
 * at WARN. Thread-safe.
 */
final class StatementLog {
    private static final Logger SQL = LoggerFactory.getLogger("io.kalchemy.sql");
    private static final Logger SLOW = LoggerFactory.getLogger("io.kalchemy.sql.slow");

    private StatementLog() {
    }

    /** True when statements of an engine are logged, so their parameters must be kept. */
    static boolean wanted(Engine engine) {
        return engine.echoes() || SQL.isDebugEnabled() || engine.slowStatementNanos() >= 0;
    }

    /** Logs {@code sql} about to run with {@code values}. */
    static void before(Engine engine, String sql, List<Object> values, boolean housekeeping) {
        if (housekeeping) {
            SQL.trace("{} {}", sql, values);
        } else if (engine.echoes()) {
            SQL.info("{} {}", sql, values);
        } else {
            SQL.debug("{} {}", sql, values);
        }
    }

    /** Logs {@code sql} as slow when it took at least the engine's threshold. */
    static void after(Engine engine, String sql, List<Object> values, long elapsedNanos, boolean housekeeping) {
        long threshold = engine.slowStatementNanos();
        if (threshold >= 0 && elapsedNanos >= threshold && !housekeeping) {
            SLOW.warn("slow statement ({} ms): {} {}", elapsedNanos / 1_000_000, sql, values == null ? List.of() : values);
        }
    }
}
