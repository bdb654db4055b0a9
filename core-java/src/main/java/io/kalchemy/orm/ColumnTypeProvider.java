package io.kalchemy.orm;

import io.kalchemy.types.SqlType;

import java.lang.reflect.Field;

/**
 * Supplies the column type of properties the core cannot type by itself, found with
 * {@link java.util.ServiceLoader} (the {@code serialization-json} module types {@code @Json}
 * properties with their kotlinx serializer). Consulted once per property while a mapper is built.
 */
public interface ColumnTypeProvider {
    /** The type for {@code property} of {@code owner}, or null when this provider does not handle it. */
    SqlType<?> typeFor(Class<?> owner, String property, Field field);
}
