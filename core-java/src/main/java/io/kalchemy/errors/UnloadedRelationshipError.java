package io.kalchemy.errors;

/**
 * A relationship collection that was not loaded was used. Kalchemy never loads behind the
 * caller's back: load it with a loader option on the query ({@code selectinLoad}) or explicitly
 * ({@code session.load(entity, "property")}). The message names the class, the property and both fixes.
 */
public class UnloadedRelationshipError extends InvalidRequestError {
    /** Creates the error naming the class, property and fixes. */
    public UnloadedRelationshipError(String message) {
        super(message);
    }
}
