package io.kalchemy.orm;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The listeners of a {@link SessionFactory}'s sessions: session hooks (before/after flush, after
 * begin, commit, rollback) and entity hooks (before/after insert, update, delete) with the
 * changed attributes' history. Register at start-up; registration is thread-safe.
 */
public final class SessionEvents {
    enum Kind { BEFORE_INSERT, AFTER_INSERT, BEFORE_UPDATE, AFTER_UPDATE, BEFORE_DELETE, AFTER_DELETE }

    private record Registration(Kind kind, Class<?> type, EntityListener<Object> listener) {
    }

    final List<SessionListener> beforeFlush = new CopyOnWriteArrayList<>();
    final List<SessionListener> afterFlush = new CopyOnWriteArrayList<>();
    final List<SessionListener> afterBegin = new CopyOnWriteArrayList<>();
    final List<SessionListener> afterCommit = new CopyOnWriteArrayList<>();
    final List<SessionListener> afterRollback = new CopyOnWriteArrayList<>();
    private final List<Registration> entity = new CopyOnWriteArrayList<>();

    SessionEvents() {
    }

    /** Before each flush, before its work is computed (objects added here are flushed). */
    public SessionEvents beforeFlush(SessionListener l) {
        beforeFlush.add(l);
        return this;
    }

    /** After each successful flush. */
    public SessionEvents afterFlush(SessionListener l) {
        afterFlush.add(l);
        return this;
    }

    /** When the session begins a transaction. */
    public SessionEvents afterBegin(SessionListener l) {
        afterBegin.add(l);
        return this;
    }

    /** After each commit. */
    public SessionEvents afterCommit(SessionListener l) {
        afterCommit.add(l);
        return this;
    }

    /** After each rollback (explicit, or of a failed flush once rolled back). */
    public SessionEvents afterRollback(SessionListener l) {
        afterRollback.add(l);
        return this;
    }

    /** Before an entity of {@code type} (or a subclass) is inserted. */
    public <E> SessionEvents beforeInsert(Class<E> type, EntityListener<? super E> l) {
        return register(Kind.BEFORE_INSERT, type, l);
    }

    /** After an entity of {@code type} was inserted (its generated key is set). */
    public <E> SessionEvents afterInsert(Class<E> type, EntityListener<? super E> l) {
        return register(Kind.AFTER_INSERT, type, l);
    }

    /** Before a changed entity of {@code type} is updated. */
    public <E> SessionEvents beforeUpdate(Class<E> type, EntityListener<? super E> l) {
        return register(Kind.BEFORE_UPDATE, type, l);
    }

    /** After a changed entity of {@code type} was updated. */
    public <E> SessionEvents afterUpdate(Class<E> type, EntityListener<? super E> l) {
        return register(Kind.AFTER_UPDATE, type, l);
    }

    /** Before an entity of {@code type} is deleted. */
    public <E> SessionEvents beforeDelete(Class<E> type, EntityListener<? super E> l) {
        return register(Kind.BEFORE_DELETE, type, l);
    }

    /** After an entity of {@code type} was deleted. */
    public <E> SessionEvents afterDelete(Class<E> type, EntityListener<? super E> l) {
        return register(Kind.AFTER_DELETE, type, l);
    }

    @SuppressWarnings("unchecked")
    private SessionEvents register(Kind kind, Class<?> type, EntityListener<?> l) {
        entity.add(new Registration(kind, type, (EntityListener<Object>) l));
        return this;
    }

    boolean hasEntityListeners() {
        return !entity.isEmpty();
    }

    void fire(Kind kind, Session session, Object e, AttributeHistory history) {
        for (Registration r : entity) {
            if (r.kind == kind && r.type.isInstance(e)) {
                r.listener.on(session, e, history);
            }
        }
    }

    void fire(List<SessionListener> listeners, Session session) {
        for (SessionListener l : listeners) {
            l.on(session);
        }
    }
}
