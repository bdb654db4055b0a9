package io.kalchemy.engine;

import java.sql.SQLException;

/**
 * Runs on every new JDBC connection after the dialect's settings are applied: register
 * user-defined SQL functions through the driver's API (sqlite-jdbc: {@code Function.create(jdbc,
 * "name", fn)}), collations, or extra settings.
 * An exception aborts the connect and is reported as an {@link io.kalchemy.errors.OperationalError}.
 */
@FunctionalInterface
public interface ConnectHook {
    /** Prepares a freshly opened connection. */
    void onConnect(java.sql.Connection jdbc) throws SQLException;
}
