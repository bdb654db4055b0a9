package io.kalchemy.sql;

/**
 * An option that travels with a SELECT for the layer executing it (the ORM's loader options).
 * The SQL layer keeps options and never interprets them; they do not change the SQL.
 */
public interface StatementOption {
}
