package io.kalchemy.dialect;

import io.kalchemy.sql.Expression;
import io.kalchemy.types.SqlType;

/**
 * One column of a statement's result: the key rows use for it, how to read it, and the
 * expression it came from (so rows can be read by column object).
 *
 * @param name the key in result rows
 * @param type how the value is read
 * @param source the selected expression, or null for untyped text() results
 */
public record ResultColumn(String name, SqlType<?> type, Expression<?> source) {
}
