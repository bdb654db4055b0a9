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
