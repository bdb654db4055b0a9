package io.kalchemy.orm;

import io.kalchemy.engine.Connection;
import io.kalchemy.engine.Engine;

import java.util.function.Function;

/**
 * Opens {@link Session}s on one engine with shared defaults and event listeners, SQLAlchemy's
 * {@code sessionmaker}. Thread-safe; create one per engine at start-up.
 *
 * <pre>{@code
 * SessionFactory sessions = new SessionFactory(engine);
 * long id = sessions.inTransaction(s -> { User u = new User("a@b.c"); s.add(u); s.flush(); return u.getId(); });
 * try (Session s = sessions.open()) { User u = s.get(User.class, id); ... s.commit(); }
 * }</pre>
 */
public final class SessionFactory {
    private final Engine engine;
    private final SessionOptions options;
    private final SessionEvents events = new SessionEvents();

    /** A factory with the default options. */
    public SessionFactory(Engine engine) {
        this(engine, new SessionOptions());
    }

    /** A factory with {@code options} (copied). */
    public SessionFactory(Engine engine, SessionOptions options) {
        this.engine = engine;
        this.options = options.copy();
    }

    /** A new session; it takes a connection from the engine when it first needs one. */
    public Session open() {
        return new Session(this, null);
    }

    /**
     * A new session bound to {@code connection}: it runs on it, commits and rolls back on it, and
     * never closes it. For callers that manage connections themselves (the coroutine facade).
     */
    public Session open(Connection connection) {
        return new Session(this, connection);
    }

    /** Runs {@code work} in a new session and commits; rolls back if it throws; closes the session. */
    public <R> R inTransaction(Function<Session, R> work) {
        try (Session s = open()) {
            return s.inTransaction(work);
        }
    }

    /** The listeners of this factory's sessions. */
    public SessionEvents events() {
        return events;
    }

    /** The engine sessions connect through. */
    public Engine engine() {
        return engine;
    }

    /** The registry mapped classes are looked up in. */
    public Registry registry() {
        return options.registry;
    }

    SessionOptions options() {
        return options;
    }
}
