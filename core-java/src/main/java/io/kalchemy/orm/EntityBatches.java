package io.kalchemy.orm;

import io.kalchemy.engine.RowResult;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a query's first column (or whole rows) in batches, for streaming large results: entities this cursor
 * loaded, and the related entities its loader options loaded with them, leave the session (become
 * detached) when the next batch is read or the cursor closes, so memory stays bounded by one
 * batch. Entities already in the session before the stream, and modified ones, stay.
 * Close it when done. Confined to the session's thread.
 *
 * @param <T> the item type
 */
public final class EntityBatches<T> implements AutoCloseable {
    private final Session session;
    private final RowResult result;
    private final List<Object> loaded;
    private final int batchSize;
    private final boolean wholeRows;
    private final java.util.function.Consumer<List<io.kalchemy.engine.Row>> afterBatch;
    private boolean closed;

    EntityBatches(Session session, RowResult result, List<Object> loaded, int batchSize, boolean wholeRows,
                  java.util.function.Consumer<List<io.kalchemy.engine.Row>> afterBatch) {
        this.session = session;
        this.result = result;
        this.loaded = loaded;
        this.batchSize = batchSize;
        this.wholeRows = wholeRows;
        this.afterBatch = afterBatch;
    }

    /** The next batch (up to the batch size), or an empty list at the end (the cursor is then closed). */
    @SuppressWarnings("unchecked")
    public List<T> next() {
        release();
        if (closed) {
            return List.of();
        }
        List<io.kalchemy.engine.Row> rows = new ArrayList<>(batchSize);
        while (rows.size() < batchSize) {
            io.kalchemy.engine.Row row = result.fetchOne();
            if (row == null) {
                closed = true;
                break;
            }
            rows.add(row);
        }
        if (afterBatch != null && !rows.isEmpty()) {
            afterBatch.accept(rows); // relationship loading for the batch's entities
        }
        List<T> out = new ArrayList<>(rows.size());
        for (io.kalchemy.engine.Row row : rows) {
            out.add((T) (wholeRows ? row : row.get(0)));
        }
        return out;
    }

    /**
     * Expunges what this cursor loaded unless it changed or was flagged modified (those stay, to
     * be written at flush). Once per streamed row, so: one lookup per object, no history objects,
     * and one clear when the batch is all the session holds.
     */
    private void release() {
        IdentityMap objects = session.objects();
        List<InstanceState> leaving = new ArrayList<>(loaded.size());
        for (Object e : loaded) {
            InstanceState st = objects.stateOf(e);
            if (st != null && !st.leaving && st.status == EntityState.PERSISTENT && st.flagged == null
                    && !AttributeHistory.anyChange(st)) {
                st.leaving = true;
                leaving.add(st);
            }
        }
        objects.removeAll(leaving);
        loaded.clear();
    }

    /** Closes the cursor and detaches what this cursor loaded. */
    @Override
    public void close() {
        closed = true;
        result.close();
        if (!session.isClosed()) {
            release();
        }
    }
}
