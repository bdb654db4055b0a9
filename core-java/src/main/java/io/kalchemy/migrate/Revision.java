package io.kalchemy.migrate;

import java.nio.file.Path;
import java.util.List;

/**
 * One revision of the schema: its id, the revision it follows ({@code null} for the first), a
 * message, and how to upgrade to it and downgrade from it: SQL statements (from a revision file)
 * or, for revisions written in code, {@link MigrationStep}s.
 *
 * @param id              the revision id (unique among all revisions)
 * @param parent          the id of the revision this one follows, or null for the base revision
 * @param message         what the revision does, for {@code history}
 * @param upgrade         statements run, in order and in one transaction, to apply the revision
 * @param downgrade       statements run, in order and in one transaction, to undo it
 * @param file            the file the revision was read from (null when built in code)
 * @param upgradeStep     code run after the upgrade statements, or null
 * @param downgradeStep   code run after the downgrade statements, or null
 */
public record Revision(String id, String parent, String message, List<String> upgrade, List<String> downgrade, Path file,
                       MigrationStep upgradeStep, MigrationStep downgradeStep) {
    /** Copies the statement lists. */
    public Revision {
        upgrade = List.copyOf(upgrade);
        downgrade = List.copyOf(downgrade);
    }

    /** A revision of SQL statements. */
    public Revision(String id, String parent, String message, List<String> upgrade, List<String> downgrade, Path file) {
        this(id, parent, message, upgrade, downgrade, file, null, null);
    }

    /**
     * A revision written in code, compiled with the application and handed to the {@link Migrator}
     * beside the versions folder; {@code parent} may be a file revision's id and vice versa.
     */
    public static Revision code(String id, String parent, String message, MigrationStep upgrade, MigrationStep downgrade) {
        return new Revision(id, parent, message, List.of(), List.of(), null, upgrade, downgrade);
    }

    @Override
    public String toString() {
        return (parent == null ? "<base>" : parent) + " -> " + id + ", " + message;
    }
}
