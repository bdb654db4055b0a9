package io.kalchemy.dialect;

import io.kalchemy.sql.Delete;
import io.kalchemy.sql.Insert;
import io.kalchemy.sql.Statement;
import io.kalchemy.sql.Update;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Which tables a statement reads and which it changes, as far as the dialect can tell before
 * running it: what live queries compare (a commit's changed tables against the tables a query
 * read). Names are lower-case (SQLite's names, and PostgreSQL's unquoted ones, ignore case; a
 * false match only costs a query one extra run). A null set means "not known": every table.
 * Views are expanded to the tables they read where the dialect can do so.
 *
 * @param reads the tables the statement reads, or null when not known
 * @param writes the tables executing it changes (with what its triggers and foreign-key actions
 *               change, where the dialect sees them), or null when not known
 */
public record TableAccess(Set<String> reads, Set<String> writes) {
    /** A statement nothing is known about: it may read and change every table. */
    public static final TableAccess UNKNOWN = new TableAccess(null, null);

    /** What the compiler recorded for {@code statement}: the tables it names and the table it targets (views unexpanded, triggers unseen). */
    public static TableAccess named(CompiledStatement statement) {
        return new TableAccess(lowerCase(statement.tables()), lowerCase(statement.writtenTables()));
    }

    /** The table an INSERT, UPDATE or DELETE writes; none for a query. */
    static Set<String> targetOf(Statement statement) {
        if (statement instanceof Insert insert) {
            return Set.of(insert.table().name());
        } else if (statement instanceof Update update) {
            return Set.of(update.table().name());
        } else if (statement instanceof Delete delete) {
            return Set.of(delete.table().name());
        }
        return Set.of();
    }

    /** {@code names} in lower case (null stays null). */
    public static Set<String> lowerCase(Set<String> names) {
        if (names == null) {
            return null;
        }
        Set<String> lower = new HashSet<>(names.size() * 2);
        for (String n : names) {
            lower.add(n.toLowerCase(Locale.ROOT));
        }
        return Set.copyOf(lower);
    }
}
