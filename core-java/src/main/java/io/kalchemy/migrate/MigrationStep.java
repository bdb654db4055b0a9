package io.kalchemy.migrate;

import io.kalchemy.engine.Connection;

/**
 * The body of a revision written in Java or Kotlin (a data backfill, a computed change): it runs
 * on the migration's connection inside the revision's transaction; throwing rolls the revision back.
 */
@FunctionalInterface
public interface MigrationStep {
    /** Applies the step through {@code connection}; must not commit or roll back. */
    void run(Connection connection);
}
