package io.kalchemy.sql;

import java.util.List;

/**
 * Something that may stand in a SELECT or RETURNING list: a single expression, or a table
 * (all its columns), or (in the ORM) a mapped class.
 */
public interface SelectItem {
    /** The column expressions this item puts in the list, in order. */
    List<? extends Expression<?>> expand();
}
