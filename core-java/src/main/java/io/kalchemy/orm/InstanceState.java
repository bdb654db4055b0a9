package io.kalchemy.orm;

/** What a session knows about one of its objects. Confined to the session's thread. */
final class InstanceState {
    final Object entity;
    final Mapper<Object> mapper;
    EntityState status;
    /** The identity-map key (null while pending without a key). */
    Object identity;
    /** Column values as last loaded or flushed, in property order; null while pending. */
    Object[] snapshot;
    /** The next load of this row overwrites the attributes (after commit, rollback, expire). */
    boolean expired;
    /** Became pending or persistent in the current transaction: a rollback makes it transient again. */
    boolean addedInTransaction;
    /** Its generated key was assigned in the current transaction: a rollback clears it. */
    boolean keyAssignedInTransaction;
    /** When it was added or deleted, on the session's change counter (for savepoint rollback). */
    long changedAt;
    /** The members of each loaded collection at load or last flush (orphans and association rows are the difference). */
    java.util.Map<Relationship, java.util.List<Object>> members;
    /** Many-to-one references the session loaded (so a null there now means "set to null", not "not loaded"). */
    java.util.Set<Relationship> referencesLoaded;
    /** Its delete has been cascaded to related objects in this flush. */
    boolean cascadedDelete;
    /** Properties flagged modified by hand (in-place changes a snapshot comparison cannot see). */
    boolean[] flagged;
    /** Chosen to leave the session with its stream batch (counted once even if listed twice). */
    boolean leaving;

    /** {@code n} column values of a row from {@code offset}, as a snapshot. */
    static Object[] copy(Object[] values, int offset, int n) {
        Object[] out = new Object[n];
        System.arraycopy(values, offset, out, 0, n);
        return out;
    }

    @SuppressWarnings("unchecked")
    InstanceState(Object entity, Mapper<?> mapper, EntityState status) {
        this.entity = entity;
        this.mapper = (Mapper<Object>) mapper;
        this.status = status;
    }

    /** Marks property {@code p} modified whatever its value compares to (see {@link Session#flagModified}). */
    void flag(PropertyMapping p) {
        if (flagged == null) {
            flagged = new boolean[mapper.propertyArray().length];
        }
        flagged[p.index()] = true;
    }
}
