package io.kalchemy.orm;

import io.kalchemy.schema.Column;
import io.kalchemy.types.SqlType;

/**
 * One mapped property: its name, its column, its type and its pre-built accessor. Immutable;
 * part of a {@link Mapper}.
 */
public final class PropertyMapping {
    private final String name;
    private final Column<Object> column;
    private final PropertyAccessor accessor;
    private final Class<?> javaType;
    private final boolean id;
    private final boolean version;
    private final int index;

    PropertyMapping(String name, Column<Object> column, PropertyAccessor accessor, Class<?> javaType, boolean id,
                    boolean version, int index) {
        this.name = name;
        this.column = column;
        this.accessor = accessor;
        this.javaType = javaType;
        this.id = id;
        this.version = version;
        this.index = index;
    }

    /** The property's name. */
    public String name() {
        return name;
    }

    /** The column it maps to. */
    public Column<Object> column() {
        return column;
    }

    /** The column's SQL type. */
    public SqlType<Object> type() {
        return column.type();
    }

    /** The property's declared Java type. */
    public Class<?> javaType() {
        return javaType;
    }

    /** True for (part of) the primary key. */
    public boolean isId() {
        return id;
    }

    /** True for the {@code @Version} counter. */
    public boolean isVersion() {
        return version;
    }

    /** The property's position in its mapper (and its column's position in the table). */
    public int index() {
        return index;
    }

    /** The property's value on {@code entity}. */
    public Object get(Object entity) {
        return accessor.get(entity);
    }

    /** Sets the property on {@code entity}. */
    public void set(Object entity, Object value) {
        accessor.set(entity, value);
    }

    @Override
    public String toString() {
        return name + " -> " + column;
    }
}
