package io.kalchemy.engine;

import java.util.Set;

/**
 * Hears every COMMIT of an engine's connections that changed something, after it is done, with
 * the tables it changed: what live queries re-run by ({@link InvalidationTracker}). A rolled-back
 * transaction or savepoint is not reported; a group commit is one COMMIT. Called on the committing
 * thread while that connection is still held: keep it fast, do not block, do not run statements.
 */
@FunctionalInterface
public interface CommitListener {
    /**
     * @param tables the tables the transaction changed, lower-case (see
     *               {@link io.kalchemy.dialect.TableAccess}), or null when that is not known
     *               (literal SQL the dialect cannot read, a schema change): every table
     */
    void committed(Set<String> tables);
}
