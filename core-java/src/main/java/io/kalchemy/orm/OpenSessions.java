package io.kalchemy.orm;

import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Every session not yet closed, in this JVM, so a session can tell an object of another open
 * session from a new or detached one (SQLAlchemy keeps the same weak registry of sessions).
 * Sessions are held weakly: a session dropped without {@code close()} leaves when collected.
 *
 * <p>Thread-safe. Lock order: this registry's lock, then a session's object lock (never the reverse).
 */
final class OpenSessions {
    private static final Set<Session> OPEN = Collections.newSetFromMap(new WeakHashMap<>());

    private OpenSessions() {
    }

    static void opened(Session s) {
        synchronized (OPEN) {
            OPEN.add(s);
        }
    }

    static void closed(Session s) {
        synchronized (OPEN) {
            OPEN.remove(s);
        }
    }

    /**
     * Refuses an object that another open session holds: two sessions would each write it.
     * SQLAlchemy refuses the same ("already attached to session").
     *
     * @param through the relationship it was reached through, for the message; null for add()
     * @throws io.kalchemy.errors.InvalidRequestError naming the object's class and key (and the relationship)
     */
    static void requireNotElsewhere(Session asking, Object entity, Mapper<?> m, Relationship through) {
        if (holderOtherThan(asking, entity) == null) {
            return;
        }
        Object key = m.identityOf(entity);
        String what = m.type().getSimpleName() + (key == null ? " (pending)" : " with key " + key);
        String fix = "; merge() it into this session (merge returns this session's copy), or expunge() it from the other session first";
        throw new io.kalchemy.errors.InvalidRequestError(through == null
                ? "cannot add the " + what + ": it belongs to another open session" + fix
                : through.owner().type().getSimpleName() + "." + through.name() + " refers to the " + what
                        + ", which belongs to another open session" + fix);
    }

    /** The open session other than {@code asking} that holds {@code entity}, or null. */
    static Session holderOtherThan(Session asking, Object entity) {
        synchronized (OPEN) {
            if (OPEN.size() < 2) {
                return null;
            }
            for (Session s : OPEN) {
                if (s != asking && s.holds(entity)) {
                    return s;
                }
            }
            return null;
        }
    }
}
