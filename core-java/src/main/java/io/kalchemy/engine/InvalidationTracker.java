package io.kalchemy.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which live queries must run again after a COMMIT (Room's {@code InvalidationTracker}):
 * each {@link Observer} is one query, with the tables its last run read; a commit that changed
 * one of them (or "every table") invalidates it, and nothing else does. A commit heard while a
 * query runs is kept and compared with what that run read when it finishes, so no change slips
 * between a run's snapshot and its registration. Attach it to every engine that commits with
 * {@link Engine#addCommitListener}; report changes made elsewhere with {@link #everythingChanged}.
 *
 * <p>Commits are matched through an index by table, so a commit costs the tables it changed plus
 * the queries it hits, not the number of queries. Thread-safe; the invalidation callbacks run on
 * the thread that reported the change (the committing one, while it still holds its connection):
 * they must only signal (a conflated channel, a flag), never block or run statements.
 */
public final class InvalidationTracker implements CommitListener {
    private final Object lock = new Object();
    /** Waiting observers by each table their last run read. */
    private final Map<String, Set<Observer>> byTable = new HashMap<>();
    /** Waiting observers whose last run read something not known: every commit hits them. */
    private final Set<Observer> readsEverything = new LinkedHashSet<>();
    /** Observers between {@link Observer#runStarting()} and {@link Observer#runFinished}: they collect changes. */
    private final Set<Observer> running = new LinkedHashSet<>();
    private final Set<Observer> waiting = new LinkedHashSet<>();
    private long commits;
    private long invalidations;
    private long externalChanges;

    /**
     * A new live query, counted as running (its first run is next): {@code onInvalidated} is called
     * each time a change may have altered what it read, until {@link Observer#close()}.
     */
    public Observer register(Runnable onInvalidated) {
        Observer o = new Observer(onInvalidated);
        synchronized (lock) {
            running.add(o);
        }
        return o;
    }

    /** A COMMIT changed {@code tables} (null: every table): invalidates the queries that read one of them. */
    @Override
    public void committed(Set<String> tables) {
        List<Observer> hit;
        synchronized (lock) {
            commits++;
            hit = hits(tables);
        }
        signal(hit);
    }

    /**
     * Something changed the database where no engine of this tracker saw it (another process, a
     * connection of another engine): every query may be stale.
     */
    public void everythingChanged() {
        List<Observer> hit;
        synchronized (lock) {
            externalChanges++;
            hit = hits(null);
        }
        signal(hit);
    }

    private List<Observer> hits(Set<String> tables) {
        for (Observer o : running) {
            o.heard(tables);
        }
        Set<Observer> hit = new LinkedHashSet<>();
        if (tables == null) {
            hit.addAll(waiting);
        } else {
            hit.addAll(readsEverything);
            for (String t : tables) {
                Set<Observer> readers = byTable.get(t);
                if (readers != null) {
                    hit.addAll(readers);
                }
            }
        }
        invalidations += hit.size();
        return new ArrayList<>(hit);
    }

    private static void signal(List<Observer> hit) {
        for (Observer o : hit) {
            o.onInvalidated.run();
        }
    }

    /** Live queries registered and not closed. */
    public int observers() {
        synchronized (lock) {
            return running.size() + waiting.size();
        }
    }

    /** COMMITs heard that changed something. */
    public long commits() {
        synchronized (lock) {
            return commits;
        }
    }

    /** Times a query was told to run again (one per query per change that hit it). */
    public long invalidations() {
        synchronized (lock) {
            return invalidations;
        }
    }

    /** Changes reported by {@link #everythingChanged()}. */
    public long externalChanges() {
        synchronized (lock) {
            return externalChanges;
        }
    }

    /** One live query. Its methods are called by the query's own loop, one at a time. */
    public final class Observer implements AutoCloseable {
        private final Runnable onInvalidated;
        /** What the last run read (lower-case; null: every table). */
        private Set<String> tables;
        /** While running: the tables changed by commits heard since the run started, and whether one changed every table. */
        private final Set<String> heardTables = new HashSet<>();
        private boolean heardEverything;
        private boolean closed;

        private Observer(Runnable onInvalidated) {
            this.onInvalidated = onInvalidated;
        }

        private void heard(Set<String> changed) {
            if (changed == null) {
                heardEverything = true;
            } else {
                heardTables.addAll(changed);
            }
        }

        /**
         * A run is about to begin its read: changes heard from now on are kept for
         * {@link #runFinished}; those reported before it are visible to the run.
         */
        public void runStarting() {
            synchronized (lock) {
                if (closed) {
                    return;
                }
                unindex();
                waiting.remove(this);
                running.add(this);
                heardTables.clear();
                heardEverything = false;
            }
        }

        /**
         * The run read {@code read} (null: not known, every table); invalidates the query at once
         * when a change heard during the run touched one of them.
         */
        public void runFinished(Set<String> read) {
            boolean stale;
            synchronized (lock) {
                if (closed) {
                    return;
                }
                running.remove(this);
                stale = heardEverything || (!heardTables.isEmpty() && (read == null || intersects(read, heardTables)));
                heardTables.clear();
                heardEverything = false;
                tables = read == null ? null : Set.copyOf(read);
                waiting.add(this);
                if (tables == null) {
                    readsEverything.add(this);
                } else {
                    for (String t : tables) {
                        byTable.computeIfAbsent(t, k -> new LinkedHashSet<>()).add(this);
                    }
                }
                if (stale) {
                    invalidations++;
                }
            }
            if (stale) {
                onInvalidated.run();
            }
        }

        /** The tables the last finished run read (null: every table, or no run finished yet). */
        public Set<String> tables() {
            synchronized (lock) {
                return tables;
            }
        }

        private void unindex() {
            if (tables == null) {
                readsEverything.remove(this);
                return;
            }
            for (String t : tables) {
                Set<Observer> readers = byTable.get(t);
                if (readers != null) {
                    readers.remove(this);
                    if (readers.isEmpty()) {
                        byTable.remove(t);
                    }
                }
            }
        }

        /** Ends the query: it is told nothing more. Idempotent. */
        @Override
        public void close() {
            synchronized (lock) {
                if (closed) {
                    return;
                }
                closed = true;
                unindex();
                running.remove(this);
                waiting.remove(this);
                heardTables.clear();
            }
        }
    }

    private static boolean intersects(Set<String> a, Set<String> b) {
        Set<String> small = a.size() <= b.size() ? a : b;
        Set<String> large = small == a ? b : a;
        for (String s : small) {
            if (large.contains(s)) {
                return true;
            }
        }
        return false;
    }
}
