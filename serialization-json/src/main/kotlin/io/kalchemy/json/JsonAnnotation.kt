package io.kalchemy.json

/**
 * Stores the property as a JSON column through kotlinx-serialization:
 * `@Json var settings: Settings` (any `@Serializable` class, `List`, `Map`, `JsonElement`).
 * Reassigning the property is detected by the unit of work; changing a mutable collection in place
 * is not (the snapshot holds the same object): reassign, or call `session.flagModified(entity, "settings")`.
 */
@Target(AnnotationTarget.FIELD)
@Retention(AnnotationRetention.RUNTIME)
@MustBeDocumented
annotation class Json
