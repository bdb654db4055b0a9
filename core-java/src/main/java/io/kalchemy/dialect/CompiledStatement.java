package io.kalchemy.dialect;

import io.kalchemy.sql.BindParameter;

import java.util.List;

/**
 * A statement compiled for one dialect: its SQL text, the parameters in placeholder order, and,
 * for statements that return rows, the result columns. Immutable and shared by every execution
 * of the statement; executions only bind values.
 *
 * @param sql the SQL text with {@code ?} placeholders
 * @param binds the parameter for each placeholder, in order
 * @param columns the result columns; empty when the statement returns no rows, null when they
 *                are only known at run time ({@code text()})
 * @param returnsRows true for SELECT, compound selects, RETURNING and row-returning text()
 */
public record CompiledStatement(String sql, List<BindParameter<?>> binds, List<ResultColumn> columns, boolean returnsRows) {
    @Override
    public String toString() {
        return sql;
    }
}
