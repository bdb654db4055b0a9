package io.kalchemy.orm;

import io.kalchemy.engine.RowResult;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
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
     * Expunges what this cursor loaded unless it changed, was flagged modified, a loaded
     * collection of it gained or lost members, or an object that stays reaches it through a loaded
     * relationship (those stay, to be written at flush). Once per streamed row, so: one lookup per
     * object, no history objects, and one clear when the batch is all the session holds.
     */
    private void release() {
        IdentityMap objects = session.objects();
        List<InstanceState> leaving = new ArrayList<>(loaded.size());
        for (Object e : loaded) {
            InstanceState st = objects.stateOf(e);
            if (st != null && !st.leaving && st.status == EntityState.PERSISTENT && st.flagged == null
                    && !AttributeHistory.anyChange(st) && !(st.mapper.hasRelationships() && RelationshipSync.collectionsChanged(st))) {
                st.leaving = true;
                leaving.add(st);
            }
        }
        if (leaving.size() < objects.states().size()) {
            keepWhatStayingObjectsReach(objects);
            leaving.removeIf(st -> !st.leaving);
        }
        objects.removeAll(leaving);
        loaded.clear();
    }

    /**
     * Takes back from leaving every object that an object staying in the session reaches through
     * loaded relationships, transitively: the flush's save-update cascade would otherwise add a
     * detached collection member as new and insert its row a second time.
     */
    private static void keepWhatStayingObjectsReach(IdentityMap objects) {
        ArrayDeque<InstanceState> work = new ArrayDeque<>();
        for (InstanceState st : objects.states()) {
            if (!st.leaving && st.mapper.hasRelationships()) {
                work.add(st);
            }
        }
        while (!work.isEmpty()) {
            InstanceState st = work.poll();
            for (Relationship r : st.mapper.relationships()) {
                Object value = r.get(st.entity);
                if (value != null && !r.isUnloadedValue(value)) {
                    keep(objects, value instanceof Collection<?> c ? c : List.of(value), work);
                }
                List<Object> baseline = st.members == null ? null : st.members.get(r);
                if (baseline != null) {
                    keep(objects, baseline, work); // members removed since load: the flush deletes orphans among them
                }
            }
        }
    }

    private static void keep(IdentityMap objects, Collection<?> targets, ArrayDeque<InstanceState> work) {
        for (Object target : targets) {
            InstanceState reached = objects.stateOf(target);
            if (reached != null && reached.leaving) {
                reached.leaving = false;
                if (reached.mapper.hasRelationships()) {
                    work.add(reached);
                }
            }
        }
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
