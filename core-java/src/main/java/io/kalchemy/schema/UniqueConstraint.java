package io.kalchemy.schema;

import java.util.List;

/**
 * {@code [CONSTRAINT name] UNIQUE (columns)}.
 *
 * @param name the constraint name, or null
 * @param columns the columns whose combination must be unique
 */
public record UniqueConstraint(String name, List<Column<?>> columns) {
}
