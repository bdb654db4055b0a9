package io.kalchemy.orm;

/**
 * Defaults for the sessions a {@link SessionFactory} opens (SQLAlchemy's sessionmaker
 * arguments). A mutable builder; the factory copies it.
 */
public final class SessionOptions {
    boolean expireOnCommit = true;
    boolean autoflush = true;
    Registry registry = Registry.global();

    /** Creates the defaults: expire on commit, autoflush, the global registry. */
    public SessionOptions() {
    }

    SessionOptions copy() {
        SessionOptions c = new SessionOptions();
        c.expireOnCommit = expireOnCommit;
        c.autoflush = autoflush;
        c.registry = registry;
        return c;
    }

    /**
     * Whether commit marks every object expired, so the next query returning its row refreshes it
     * (no query is ever fired on attribute access).
     */
    public SessionOptions expireOnCommit(boolean value) {
        this.expireOnCommit = value;
        return this;
    }

    /** Whether queries flush pending changes first, so they see them. */
    public SessionOptions autoflush(boolean value) {
        this.autoflush = value;
        return this;
    }

    /** The registry mapped classes are looked up in. */
    public SessionOptions registry(Registry value) {
        this.registry = value;
        return this;
    }
}
