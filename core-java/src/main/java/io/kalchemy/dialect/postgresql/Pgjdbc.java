package io.kalchemy.dialect.postgresql;

import org.postgresql.PGConnection;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.sql.SQLException;

/**
 * The only code that touches pgjdbc's own classes, loaded only when a PostgreSQL connection needs
 * it: an application on SQLite alone has no pgjdbc, and {@link PostgresDialect} must still load.
 */
final class Pgjdbc {
    private Pgjdbc() {
    }

    /** What the server said about an error, beyond its SQLSTATE. */
    record ServerDetails(String message, String table, String column, String constraint, String detail) {
    }

    /**
     * The server's details of {@code error}, or of the server error behind a batch's failure (a
     * {@code BatchUpdateException}'s own text spells out the bound values); all null when the
     * driver has none.
     */
    static ServerDetails details(SQLException error) {
        SQLException server = error instanceof PSQLException ? error : error.getNextException();
        ServerErrorMessage m = server instanceof PSQLException p ? p.getServerErrorMessage() : null;
        if (m == null) {
            return new ServerDetails(null, null, null, null, null);
        }
        return new ServerDetails(m.getMessage(), m.getTable(), m.getColumn(), m.getConstraint(), m.getDetail());
    }

    /** Sets {@code autosave=always} on {@code jdbc} unless its URL or data source chose a mode other than the default. */
    static void autosaveUnlessChosen(java.sql.Connection jdbc) throws SQLException {
        PGConnection pg = jdbc.unwrap(PGConnection.class);
        if (pg.getAutosave() == org.postgresql.jdbc.AutoSave.NEVER) {
            pg.setAutosave(org.postgresql.jdbc.AutoSave.ALWAYS);
        }
    }

    /** Sends PostgreSQL's cancel request for the statement running on {@code jdbc}. */
    static void cancel(java.sql.Connection jdbc) throws SQLException {
        jdbc.unwrap(PGConnection.class).cancelQuery();
    }
}
