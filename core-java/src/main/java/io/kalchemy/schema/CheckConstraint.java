package io.kalchemy.schema;

import io.kalchemy.sql.Expression;

/**
 * {@code [CONSTRAINT name] CHECK (condition)}. The condition is rendered into DDL with its
 * values as literals, so it must be built from code, not from user input.
 *
 * @param name the constraint name, or null (SQLite then reports the expression on failure)
 * @param condition the condition every row must satisfy
 */
public record CheckConstraint(String name, Expression<Boolean> condition) {
}
