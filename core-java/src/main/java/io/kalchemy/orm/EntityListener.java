package io.kalchemy.orm;

/**
 * Hears one kind of entity event during a flush (before/after insert, update, delete). Runs on
 * the session's thread inside the flush; a {@code before...} listener may change the entity's
 * properties and the change is written by the same flush. Must not flush or commit the session.
 *
 * @param <E> the entity class
 */
@FunctionalInterface
public interface EntityListener<E> {
    /** Called for {@code entity} with the changes being flushed. */
    void on(Session session, E entity, AttributeHistory history);
}
