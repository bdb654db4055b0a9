package io.kalchemy.schema;

import java.util.List;

/**
 * {@code FOREIGN KEY (columns) REFERENCES target (referencedColumns) ON DELETE ... ON UPDATE ...}.
 * Single or composite; the two column lists pair up by position.
 *
 * @param name the constraint name, or null
 * @param columns the referencing columns of this table
 * @param referencedColumns the referenced columns (of one other table, or this one)
 * @param onDelete the action on delete of the referenced row
 * @param onUpdate the action on update of the referenced key
 */
public record ForeignKey(String name, List<Column<?>> columns, List<Column<?>> referencedColumns,
                         ReferentialAction onDelete, ReferentialAction onUpdate) {
    /** The table holding the foreign key. */
    public Table table() {
        return columns.get(0).table();
    }

    /** The referenced table. */
    public Table referencedTable() {
        return referencedColumns.get(0).table();
    }
}
