package io.kalchemy.orm;

import io.kalchemy.engine.Connection;
import io.kalchemy.engine.Transaction;
import io.kalchemy.errors.GroupCommitError;

import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * One write transaction on a {@link SingleWriter}: begin, flush, then commit (for itself and the
 * open group) or join the group and wait for its COMMIT; or abandon it, undoing only its own
 * savepoint when it ran inside a group that can go on. The session bound to it is the one its
 * work runs in.
 *
 * <p><b>Threading:</b> as its writer: the caller serializes every call, except
 * {@link #settleJoined}, which runs on the member's own thread after its ticket completed.
 */
@io.kalchemy.InternalApi
public final class WriteTransaction {
    private final SingleWriter writer;
    private final Connection connection;
    private final CommitGroup group;
    private Transaction savepoint;
    private Session session;
    private boolean committing;

    WriteTransaction(SingleWriter writer, Connection connection, CommitGroup group) {
        this.writer = writer;
        this.connection = connection;
        this.group = group;
    }

    /** The writer's connection this transaction runs on. */
    public Connection connection() {
        return connection;
    }

    /** True when it runs inside a savepoint of an open group (an interrupt would take the group's work with it). */
    public boolean inGroup() {
        return group != null;
    }

    /**
     * Begins: the database transaction ({@code BEGIN IMMEDIATE} within the busy deadline counted
     * from {@code askedAtNanos}) or, inside a group, a savepoint; then opens the bound session.
     */
    public Session begin(long askedAtNanos) {
        if (group == null) {
            writer.beginImmediate(connection, askedAtNanos);
        } else {
            savepoint = connection.beginNested();
        }
        session = writer.sessions().open(connection);
        return session;
    }

    /** The session bound to this transaction (null before {@link #begin}). */
    public Session session() {
        return session;
    }

    /** Writes the session's changes (its flush), before the COMMIT decision. */
    public void flush() {
        session.flush();
    }

    /**
     * After a successful flush: joins the group when group commit is on, the group has room, and
     * {@code othersWaiting} says another write transaction waits (asked after the group is
     * published, so one leaving without its turn sees it), unless foreign-key violations may be
     * deferred to COMMIT (they must reach this transaction). Otherwise COMMITs, for the whole
     * group, and records the commit in the session.
     *
     * @return the ticket to wait for when it joined (then {@link #settleJoined}), or null when committed
     */
    public CompletableFuture<Throwable> commitOrJoin(BooleanSupplier othersWaiting) {
        CommitGroup g = writer.groupToJoin(group);
        if (g != null) {
            if (othersWaiting.getAsBoolean() && !connection.mayDeferForeignKeyChecks()) {
                if (savepoint != null) {
                    savepoint.commit();
                }
                return g.join();
            }
            if (group == null) {
                writer.clearOpenGroup();
            }
        }
        committing = true;
        connection.commit(); // this transaction's and the open group's work in one COMMIT
        writer.clearOpenGroup();
        if (group != null) {
            group.committed();
            writer.groupCommitted(group.size() + 1); // the members that joined, and this one
        }
        session.afterExternalCommit();
        return null;
    }

    /**
     * For a transaction that joined a group, once its ticket completed with {@code failure}:
     * records the outcome in the session and closes it.
     *
     * @throws GroupCommitError when the shared COMMIT failed (nothing of this transaction was written)
     */
    public void settleJoined(Throwable failure) {
        try {
            if (failure == null) {
                session.afterExternalCommit();
                return;
            }
            session.afterExternalRollback();
            throw new GroupCommitError(failure);
        } finally {
            session.close();
        }
    }

    /**
     * Undoes a failed transaction: only its savepoint when it ran inside a group and the database
     * still has that savepoint; otherwise the whole database transaction, failing the group's
     * waiting members with {@code failure} (SQLite itself rolls everything back after some
     * errors). {@code nobodyQueued}: no other writer waits, so this one must commit the group
     * whose last member it was meant to be. Failures while undoing are added to {@code failure}.
     */
    public void abandon(Throwable failure, boolean nobodyQueued) {
        if (savepoint != null && !committing && savepoint.isActive()) {
            boolean undone;
            try {
                savepoint.rollback();
                undone = true;
            } catch (Throwable e) {
                failure.addSuppressed(e);
                undone = false;
            }
            if (undone) {
                try {
                    if (session != null) {
                        session.afterExternalRollback();
                    }
                } catch (Throwable e) {
                    failure.addSuppressed(e);
                }
                if (nobodyQueued) {
                    CommitGroup settled = writer.settleOpenGroup();
                    if (settled != null) {
                        settled.notifyMembers();
                    }
                }
                return;
            }
        }
        try {
            if (session != null) {
                session.rollback();
            } else if (connection.inTransaction()) {
                connection.rollback();
            }
        } catch (Throwable e) {
            failure.addSuppressed(e);
        }
        CommitGroup g = writer.takeOpenGroup();
        if (g != null) {
            g.failed(failure);
        }
    }

    /** Closes the session of a transaction that did not join a group (committed or abandoned). */
    public void close() {
        if (session != null) {
            session.close();
        }
    }
}
