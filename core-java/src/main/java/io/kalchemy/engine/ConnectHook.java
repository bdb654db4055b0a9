package io.kalchemy.engine;

import java.sql.SQLException;

/**
 * Runs on every new JDBC connection after the pragmas are applied: register user-defined SQL
 * functions ({@code org.sqlite.Function.create(jdbc, "name", fn)}), collations, or extra pragmas.
 * An exception aborts the connect and is reported as an {@link io.kalchemy.errors.OperationalError}.
 */
@FunctionalInterface
public interface ConnectHook {
    /** Prepares a freshly opened connection. */
    void onConnect(java.sql.Connection jdbc) throws SQLException;
}
