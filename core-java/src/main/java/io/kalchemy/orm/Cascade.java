package io.kalchemy.orm;

/** What happens to related objects when something happens to their owner, as SQLAlchemy's cascades. */
public enum Cascade {
    /** Adding the owner adds the related objects (and those added to its collection later). */
    SAVE_UPDATE,
    /** Merging the owner merges the related objects. */
    MERGE,
    /** Deleting the owner deletes the related objects (loading them first unless passive deletes). */
    DELETE,
    /** A child removed from the owner's collection is deleted. */
    DELETE_ORPHAN,
    /** SAVE_UPDATE, MERGE and DELETE. */
    ALL
}
