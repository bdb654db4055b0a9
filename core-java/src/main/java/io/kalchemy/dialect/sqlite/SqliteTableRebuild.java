package io.kalchemy.dialect.sqlite;

import io.kalchemy.schema.Column;
import io.kalchemy.schema.Table;

import java.util.ArrayList;
import java.util.List;

/**
 * SQLite's "batch mode" table rebuild (Alembic's {@code batch_alter_table}) for changes
 * {@code ALTER TABLE} cannot make (column types, nullability, constraints, dropped columns):
 * create the new definition under a temporary name, copy the shared columns (SQLite converts
 * values by the new column affinity), drop the old table, rename the new one, recreate its
 * indexes and the triggers that were dropped with it (views naming the table keep working).
 * Runs inside one transaction with foreign-key enforcement off, as the migrator does, so
 * referring rows are kept and checked after.
 */
final class SqliteTableRebuild {
    private SqliteTableRebuild() {
    }

    /**
     * The statements rebuilding table {@code from} (as it is) into {@code to} (as it should be;
     * same name), then recreating {@code triggers} (their stored CREATE TRIGGER statements).
     */
    static List<String> statements(SqliteDialect dialect, Table from, Table to, List<String> triggers) {
        String temp = "_kalchemy_batch_" + to.name();
        String create = dialect.createTable(to);
        String prefix = "CREATE TABLE IF NOT EXISTS " + dialect.quote(to.name()) + " (";
        if (!create.startsWith(prefix)) {
            throw new IllegalStateException("unexpected CREATE TABLE form from the dialect: " + create);
        }
        List<String> out = new ArrayList<>();
        out.add("CREATE TABLE " + dialect.quote(temp) + " (" + create.substring(prefix.length()));
        List<String> shared = new ArrayList<>();
        for (Column<?> c : to.columns()) {
            if (from.hasColumn(c.name())) {
                shared.add(dialect.quote(c.name()));
            }
        }
        if (!shared.isEmpty()) {
            String cols = String.join(", ", shared);
            out.add("INSERT INTO " + dialect.quote(temp) + " (" + cols + ") SELECT " + cols + " FROM " + dialect.quote(from.name()));
        }
        out.add("DROP TABLE " + dialect.quote(from.name()));
        // legacy renaming: SQLite would otherwise re-check views and triggers naming the table and fail, as it was just dropped
        out.add("PRAGMA legacy_alter_table = ON");
        out.add("ALTER TABLE " + dialect.quote(temp) + " RENAME TO " + dialect.quote(to.name()));
        out.add("PRAGMA legacy_alter_table = OFF");
        out.addAll(dialect.createIndexes(to));
        out.addAll(triggers);
        return out;
    }
}
