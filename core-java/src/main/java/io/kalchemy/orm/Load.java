package io.kalchemy.orm;

/** How a relationship is loaded when its owner is loaded (a query's options can override it). */
public enum Load {
    /** One extra {@code IN} query per relationship level for all owners loaded together (chunked). */
    SELECTIN,
    /** Not loaded: using the collection throws {@link io.kalchemy.errors.UnloadedRelationshipError}. Collections only. */
    RAISE,
    /** Not loaded and left as the object was constructed (an empty collection, a null reference). */
    NOLOAD
}
