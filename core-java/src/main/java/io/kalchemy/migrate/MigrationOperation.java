package io.kalchemy.migrate;

import java.util.List;

/**
 * One change autogenerate found between the mapped metadata and the database, with the SQL
 * that makes it and the SQL that undoes it.
 *
 * @param description what changes, e.g. {@code "batch alter table users: type of age TEXT -> INTEGER"}
 * @param upgrade     statements applying the change
 * @param downgrade   statements undoing it
 */
public record MigrationOperation(String description, List<String> upgrade, List<String> downgrade) {
    /** Copies the statement lists. */
    public MigrationOperation {
        upgrade = List.copyOf(upgrade);
        downgrade = List.copyOf(downgrade);
    }
}
