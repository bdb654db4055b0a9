package io.kalchemy.orm;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Write transactions that finished their work on a {@link SingleWriter} and wait for one shared
 * {@code COMMIT} (group commit): while transactions queue for the writer, a finished one gives
 * the writer up with the database transaction still open, the next runs inside a savepoint of the
 * same transaction, and the last of the queue commits them all. Each member holds a ticket that
 * completes, after that {@code COMMIT}, with null (committed) or the failure that lost the shared
 * transaction.
 *
 * <p><b>Threading:</b> changed only by the single writer's caller, under its serialization;
 * {@link #notifyMembers} may run later on that caller's thread, outside it.
 */
@io.kalchemy.InternalApi
public final class CommitGroup {
    private final List<CompletableFuture<Throwable>> members = new ArrayList<>();
    private Throwable outcome;

    CommitGroup() {
    }

    /** How many finished transactions wait for this group's COMMIT. */
    int size() {
        return members.size();
    }

    /** Adds a finished transaction; its ticket completes with null (committed) or the failure. */
    CompletableFuture<Throwable> join() {
        CompletableFuture<Throwable> ticket = new CompletableFuture<>();
        members.add(ticket);
        return ticket;
    }

    /** Records the outcome: null when the COMMIT succeeded, else why the shared transaction was lost. */
    void resolve(Throwable failure) {
        outcome = failure;
    }

    /** Completes every member's ticket with the recorded outcome (after the writer is released, where it can be). */
    public void notifyMembers() {
        for (CompletableFuture<Throwable> ticket : members) {
            ticket.complete(outcome);
        }
    }

    /** Tells every member that the COMMIT succeeded. */
    void committed() {
        resolve(null);
        notifyMembers();
    }

    /** Tells every member that the shared transaction was lost, and why. */
    void failed(Throwable cause) {
        resolve(cause);
        notifyMembers();
    }
}
