package io.kalchemy.migrate;

import java.nio.file.Path;
import java.util.List;

/**
 * One revision of the schema: its id, the revision it follows ({@code null} for the first), a
 * message, and the SQL statements that upgrade to it and downgrade from it.
 *
 * @param id        the revision id (unique in the versions folder)
 * @param parent    the id of the revision this one follows, or null for the base revision
 * @param message   what the revision does, for {@code history}
 * @param upgrade   statements run, in order and in one transaction, to apply the revision
 * @param downgrade statements run, in order and in one transaction, to undo it
 * @param file      the file the revision was read from (null when built in code)
 */
public record Revision(String id, String parent, String message, List<String> upgrade, List<String> downgrade, Path file) {
    /** Copies the statement lists. */
    public Revision {
        upgrade = List.copyOf(upgrade);
        downgrade = List.copyOf(downgrade);
    }

    @Override
    public String toString() {
        return (parent == null ? "<base>" : parent) + " -> " + id + ", " + message;
    }
}
