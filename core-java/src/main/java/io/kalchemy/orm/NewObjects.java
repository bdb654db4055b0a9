package io.kalchemy.orm;

/**
 * What loading a row does for the relationships of an object it has just created (one not yet
 * in the session), decided by whoever runs the query: the relationship loader looks at the objects
 * marked created, and marking and unmarking them is an identity-set entry each.
 */
enum NewObjects {
    /** Marked as created, for the relationship loader that runs after the rows (the general case). */
    MARK,
    /**
     * The query has no loader options: an object of a class none of whose relationships loads by
     * default gets its unloaded placeholders at once, which is all the loader would do; others are marked.
     */
    PLACEHOLDERS_NOW,
    /**
     * Not marked: the relationship loader's own query for targets whose loading never asks what was
     * created (no collection, no raising relationship, no nested option).
     */
    UNMARKED
}
