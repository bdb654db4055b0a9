package io.kalchemy.orm;

/**
 * Reads and writes one property of an entity without reflection on each call: built once per
 * mapped property from its getter and setter (through {@code LambdaMetafactory}) or its field
 * (through a {@code MethodHandle}). Thread-safe.
 */
public interface PropertyAccessor {
    /** The property's current value on {@code entity} (boxed). */
    Object get(Object entity);

    /** Sets the property on {@code entity}; a null for a primitive property sets its zero value. */
    void set(Object entity, Object value);
}
