package io.kalchemy.orm;

import java.lang.reflect.Constructor;
import java.util.List;

/**
 * Tells the mapper what Java reflection cannot: whether a property is nullable and what a
 * constructor's parameters are called. Found with {@link java.util.ServiceLoader}; the
 * {@code coroutines-kt} module registers one for Kotlin classes (Kotlin nullability, primary
 * constructor parameter names). Used only while a mapper is built, never per row.
 */
public interface PropertyMetadataProvider {
    /** True when this provider understands {@code type} (for example: it is a Kotlin class). */
    boolean supports(Class<?> type);

    /** Whether {@code property} of {@code type} accepts null, or null when unknown. */
    Boolean nullable(Class<?> type, String property);

    /**
     * The property names {@code constructor}'s parameters initialize, in order, or null when
     * unknown; an entry is null for a parameter that initializes no property.
     */
    List<String> parameterNames(Class<?> type, Constructor<?> constructor);

    /** The constructor to prefer for {@code type} (a Kotlin primary constructor), or null. */
    Constructor<?> preferredConstructor(Class<?> type);
}
