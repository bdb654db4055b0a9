package io.kalchemy.schema;

import java.util.List;

/**
 * {@code CREATE [UNIQUE] INDEX name ON table (columns)}.
 *
 * @param name the index name
 * @param columns the indexed columns in order
 * @param unique true for a unique index
 */
public record Index(String name, List<Column<?>> columns, boolean unique) {
    /** The indexed table. */
    public Table table() {
        return columns.get(0).table();
    }
}
