package io.kalchemy.engine;

import io.kalchemy.errors.ArgumentError;
import io.kalchemy.errors.MultipleResultsFound;
import io.kalchemy.errors.NoResultFound;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * What every result offers over its cursor, whatever each item is (a {@link Row}, a scalar, a
 * mapping): {@code first}, {@code one}, {@code oneOrNull}, {@code all}, {@code fetchMany},
 * {@code partitions}, iteration and streams. Methods that answer for the whole result close the
 * cursor; iteration closes it when exhausted. Not thread-safe.
 *
 * @param <R> what one item is
 */
public abstract class FilteredResult<R> implements Iterable<R>, AutoCloseable {
    /** For subclasses: the result kinds of this package and the ORM's. */
    protected FilteredResult() {
    }

    /** Moves to the next item; false (and the cursor closed) when there is none. */
    protected abstract boolean advance();

    /** The item {@link #advance()} moved to. */
    protected abstract R current();

    /** Closes the cursor and returns its statement; safe to call more than once. */
    @Override
    public abstract void close();

    /** The first item, or null when there is none; closes the result. */
    public R first() {
        try {
            return advance() ? current() : null;
        } finally {
            close();
        }
    }

    /**
     * The only item; closes the result.
     *
     * @throws NoResultFound when there is none
     * @throws MultipleResultsFound when there are several
     */
    public R one() {
        try {
            if (!advance()) {
                throw new NoResultFound("expected exactly one row, got none");
            }
            R r = current();
            if (advance()) {
                throw new MultipleResultsFound("expected exactly one row, got more than one");
            }
            return r;
        } finally {
            close();
        }
    }

    /**
     * The only item, or null when there is none; closes the result.
     *
     * @throws MultipleResultsFound when there are several
     */
    public R oneOrNull() {
        try {
            if (!advance()) {
                return null;
            }
            R r = current();
            if (advance()) {
                throw new MultipleResultsFound("expected at most one row, got more than one");
            }
            return r;
        } finally {
            close();
        }
    }

    /** All remaining items; closes the result. */
    public List<R> all() {
        try {
            List<R> out = new ArrayList<>();
            while (advance()) {
                out.add(current());
            }
            return out;
        } finally {
            close();
        }
    }

    /** Up to {@code n} next items (fewer at the end; empty when exhausted). */
    public List<R> fetchMany(int n) {
        if (n <= 0) {
            throw new ArgumentError("fetchMany size must be positive, got " + n);
        }
        List<R> out = new ArrayList<>(Math.min(n, 1024));
        while (out.size() < n && advance()) {
            out.add(current());
        }
        return out;
    }

    /** The remaining items in lists of {@code size} (the last may be shorter), read lazily. */
    public Iterable<List<R>> partitions(int size) {
        if (size <= 0) {
            throw new ArgumentError("partition size must be positive, got " + size);
        }
        return () -> new Iterator<>() {
            private List<R> next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    next = fetchMany(size);
                }
                return !next.isEmpty();
            }

            @Override
            public List<R> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                List<R> out = next;
                next = null;
                return out;
            }
        };
    }

    /** Iterates the remaining items; the cursor closes when the iteration ends. */
    @Override
    public Iterator<R> iterator() {
        return new Iterator<>() {
            private boolean ready;
            private boolean done;

            @Override
            public boolean hasNext() {
                if (!ready && !done) {
                    if (advance()) {
                        ready = true;
                    } else {
                        done = true;
                    }
                }
                return ready;
            }

            @Override
            public R next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                ready = false;
                return current();
            }
        };
    }

    /** The remaining items as a lazy stream; closing the stream closes the result. */
    public Stream<R> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED), false)
                .onClose(this::close);
    }
}
