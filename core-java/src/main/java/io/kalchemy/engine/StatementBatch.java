package io.kalchemy.engine;

import io.kalchemy.dialect.CompiledStatement;
import io.kalchemy.errors.ArgumentError;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * One compiled statement run for many parameter sets in one JDBC batch (SQLAlchemy's
 * "executemany"), through the connection's statement cache, told to its listeners. Confined to
 * the connection's thread.
 */
final class StatementBatch {
    private StatementBatch() {
    }

    /** Binds one parameter set of a batch; returns the values bound when the connection is listening, else null. */
    @FunctionalInterface
    interface Binder<P> {
        List<Object> bind(PreparedStatement ps, P parameters) throws SQLException;
    }

    /** Checks that {@code compiled} can run as a batch (one statement, no rows returned). */
    static void check(CompiledStatement compiled) {
        if (compiled.columns() == null) {
            io.kalchemy.dialect.SqlScript.requireSingleStatement(compiled.sql()); // only text() and driver SQL can hold several
        }
        // text() is compiled as "may return rows" (its columns are known only at run time): let it through
        if (compiled.returnsRows() && compiled.columns() != null) {
            throw new ArgumentError("a batch cannot return rows (RETURNING); insert the rows with"
                    + " insert(table).values(list).returning(...) instead: " + compiled.sql());
        }
    }

    /** Runs the batch on {@code physical}, the driver connection of {@code connection}, in its open transaction. */
    static <P> int[] run(Connection connection, PhysicalConnection physical, CompiledStatement compiled, List<? extends P> sets,
            Binder<P> binder) {
        PreparedStatement ps = null;
        try {
            ps = physical.acquire(compiled.sql());
            List<Object> first = null;
            for (P p : sets) {
                List<Object> bound = binder.bind(ps, p);
                if (first == null) {
                    first = bound;
                }
                ps.addBatch();
            }
            boolean notify = connection.listening();
            long start = System.nanoTime();
            // how many parameter sets and the first of them, as SQLAlchemy's echo shows an executemany
            List<Object> described = notify ? List.of(sets.size() + " parameter sets, the first: " + first) : null;
            if (notify) {
                connection.notifyBefore(compiled.sql(), described);
            }
            int[] counts = ps.executeBatch();
            long elapsed = System.nanoTime() - start;
            if (notify) {
                connection.notifyAfter(compiled.sql(), described, elapsed);
            }
            StatementLog.after(connection.engine(), compiled.sql(), described, elapsed, false);
            return counts;
        } catch (SQLException e) {
            if (ps != null) {
                physical.discard(compiled.sql(), ps);
                ps = null;
            }
            throw connection.translate(e, compiled.sql());
        } finally {
            if (ps != null) {
                try {
                    ps.clearBatch();
                } catch (SQLException ignored) {
                    // a failed batch leaves nothing worth clearing
                }
                physical.release(ps);
            }
        }
    }
}
