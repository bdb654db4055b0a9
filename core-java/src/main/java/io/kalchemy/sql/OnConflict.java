package io.kalchemy.sql;

import java.util.List;
import java.util.Map;

/**
 * SQLite's upsert clause: {@code ON CONFLICT (target) DO NOTHING} or
 * {@code ON CONFLICT (target) DO UPDATE SET ... [WHERE ...]}.
 *
 * @param target the conflicting unique columns (may be empty for DO NOTHING)
 * @param set the assignments for DO UPDATE, empty for DO NOTHING
 * @param where an optional condition on DO UPDATE, or null
 */
public record OnConflict(List<ColumnExpression<?>> target, Map<ColumnExpression<?>, Expression<?>> set,
                         Expression<Boolean> where) {
    /** True for DO NOTHING. */
    public boolean doNothing() {
        return set.isEmpty();
    }
}
