package io.kalchemy.sql;

/**
 * A node of the immutable statement tree. Nodes are data: a dialect's compiler walks them
 * through {@link SqlVisitor}. Nodes are immutable and may be shared between threads.
 */
public interface SqlNode {
    /** Calls the visitor method for this node's kind. */
    void accept(SqlVisitor visitor);
}
