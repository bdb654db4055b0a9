package io.kalchemy.errors;

/**
 * A write transaction whose own work succeeded was not committed, because the one {@code COMMIT}
 * it shared with other transactions (group commit) failed, or the SQLite transaction they shared
 * was lost before it (an I/O error, a full disk, a deferred foreign key violated by another
 * transaction of the group). Nothing of it was written. {@link #getCause()} is the original
 * failure (with its statement); its SQLite result code is copied here when it had one.
 */
public class GroupCommitError extends DatabaseError {
    /**
     * Creates the error for one transaction of the failed group.
     *
     * @param cause the failure that ended the shared transaction
     */
    public GroupCommitError(Throwable cause) {
        super("this transaction was not committed: the group commit it shared with other write transactions failed: "
                        + cause.getMessage(),
                null,
                cause instanceof DatabaseError d ? d.vendorCode() : -1,
                cause);
    }
}
