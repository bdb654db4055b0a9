package io.kalchemy.dialect;

import io.kalchemy.schema.CheckConstraint;
import io.kalchemy.schema.Column;
import io.kalchemy.schema.ForeignKey;
import io.kalchemy.schema.Index;
import io.kalchemy.schema.ReferentialAction;
import io.kalchemy.schema.Table;
import io.kalchemy.schema.UniqueConstraint;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Renders DDL for one dialect: {@code CREATE TABLE IF NOT EXISTS} with declared types from the
 * dialect's {@link TypeMap}, keys, UNIQUE, foreign keys with their actions and CHECK
 * constraints; indexes; {@code DROP TABLE}. Standard SQL here; a dialect overrides
 * {@link #columnDefinition} for how it generates keys (SQLite's {@code AUTOINCREMENT}, an
 * identity column). Stateless and thread-safe.
 */
public class DdlCompiler {
    /** The dialect rendered for (quoting, types). */
    protected final Dialect dialect;
    private final Supplier<? extends SqlCompiler> compilers;

    /** A DDL compiler for {@code dialect}; CHECK conditions are rendered by a fresh compiler from {@code compilers}. */
    public DdlCompiler(Dialect dialect, Supplier<? extends SqlCompiler> compilers) {
        this.dialect = dialect;
        this.compilers = compilers;
    }

    /**
     * The statements creating {@code tables} (none of which exists yet), in the given order (the
     * foreign-key order of {@code MetaData.sort}), each followed by its indexes. A foreign key
     * naming a table created later (a cycle) is, without {@link Capability#FORWARD_FOREIGN_KEYS},
     * left out of its CREATE TABLE and added by ALTER TABLE at the end.
     */
    public List<String> createTables(List<Table> tables) {
        List<String> out = new ArrayList<>();
        List<ForeignKey> later = new ArrayList<>();
        java.util.Set<Table> created = new java.util.HashSet<>();
        boolean forward = dialect.supports(Capability.FORWARD_FOREIGN_KEYS);
        for (Table t : tables) {
            java.util.Set<ForeignKey> omitted = new java.util.HashSet<>();
            if (!forward) {
                for (ForeignKey fk : t.foreignKeys()) {
                    if (fk.referencedTable() != t && tables.contains(fk.referencedTable()) && !created.contains(fk.referencedTable())) {
                        omitted.add(fk);
                        later.add(fk);
                    }
                }
            }
            out.add(createTable(t, omitted));
            out.addAll(createIndexes(t));
            created.add(t);
        }
        for (ForeignKey fk : later) {
            out.add("ALTER TABLE " + dialect.quote(fk.table().name()) + " ADD " + foreignKey(fk));
        }
        return out;
    }

    /** {@code CREATE TABLE IF NOT EXISTS ...} for {@code table}. */
    public String createTable(Table table) {
        return createTable(table, java.util.Set.of());
    }

    /** {@code CREATE TABLE IF NOT EXISTS ...} for {@code table} without the foreign keys in {@code omitted}. */
    protected String createTable(Table table, java.util.Set<ForeignKey> omitted) {
        StringBuilder sb = new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(dialect.quote(table.name())).append(" (");
        List<Column<?>> pk = table.primaryKey();
        boolean inlinePk = pk.size() == 1 && inlinePrimaryKey(pk.get(0));
        List<String> parts = new ArrayList<>();
        for (Column<?> c : table.columns()) {
            StringBuilder col = new StringBuilder(dialect.quote(c.name())).append(' ').append(columnDefinition(c, inlinePk && c == pk.get(0)));
            if (!c.isNullable()) {
                col.append(" NOT NULL");
            }
            if (c.serverDefault() != null) {
                col.append(" DEFAULT (").append(c.serverDefault()).append(')');
            }
            if (c.isUnique()) {
                col.append(" UNIQUE");
            }
            parts.add(col.toString());
        }
        if (!pk.isEmpty() && !inlinePk) {
            parts.add("PRIMARY KEY (" + names(pk) + ")");
        }
        for (UniqueConstraint u : table.uniqueConstraints()) {
            parts.add(constraintName(u.name()) + "UNIQUE (" + names(u.columns()) + ")");
        }
        for (ForeignKey fk : table.foreignKeys()) {
            if (!omitted.contains(fk)) {
                parts.add(foreignKey(fk));
            }
        }
        for (CheckConstraint check : table.checks()) {
            parts.add(constraintName(check.name()) + "CHECK (" + compilers.get().renderLiteral(check.condition()) + ")");
        }
        return sb.append(String.join(", ", parts)).append(')').toString();
    }

    /**
     * True when the table's only primary-key column {@code key} declares its key inline
     * ({@code ... PRIMARY KEY ...} on the column) rather than in a table constraint. The default: never.
     */
    protected boolean inlinePrimaryKey(Column<?> key) {
        return false;
    }

    /**
     * What follows the column's name: its declared type and, for a key the database generates,
     * how it does. {@code inlineKey} is true for the column {@link #inlinePrimaryKey} chose.
     */
    protected String columnDefinition(Column<?> column, boolean inlineKey) {
        return dialect.types().ddl(column.type());
    }

    /** {@code CREATE [UNIQUE] INDEX IF NOT EXISTS ...} statements for the table's indexes. */
    public List<String> createIndexes(Table table) {
        List<String> out = new ArrayList<>();
        for (Index index : table.indexes()) {
            out.add(createIndex(index));
        }
        return out;
    }

    /** {@code CREATE [UNIQUE] INDEX IF NOT EXISTS ...} for one index. */
    public String createIndex(Index index) {
        return "CREATE " + (index.unique() ? "UNIQUE " : "") + "INDEX IF NOT EXISTS " + dialect.quote(index.name())
                + " ON " + dialect.quote(index.table().name()) + " (" + names(index.columns()) + ")";
    }

    /** {@code DROP TABLE IF EXISTS ...}. */
    public String dropTable(Table table) {
        return "DROP TABLE IF EXISTS " + dialect.quote(table.name());
    }

    /** {@code [CONSTRAINT name] FOREIGN KEY (...) REFERENCES ... [ON DELETE ...] [ON UPDATE ...]}. */
    protected String foreignKey(ForeignKey fk) {
        StringBuilder f = new StringBuilder(constraintName(fk.name())).append("FOREIGN KEY (").append(names(fk.columns()))
                .append(") REFERENCES ").append(dialect.quote(fk.referencedTable().name()))
                .append(" (").append(names(fk.referencedColumns())).append(')');
        if (fk.onDelete() != ReferentialAction.NO_ACTION) {
            f.append(" ON DELETE ").append(fk.onDelete().sql());
        }
        if (fk.onUpdate() != ReferentialAction.NO_ACTION) {
            f.append(" ON UPDATE ").append(fk.onUpdate().sql());
        }
        return f.toString();
    }

    private String constraintName(String name) {
        return name == null ? "" : "CONSTRAINT " + dialect.quote(name) + " ";
    }

    /** The quoted names of {@code columns}, comma-separated. */
    protected final String names(List<Column<?>> columns) {
        StringBuilder sb = new StringBuilder();
        for (Column<?> c : columns) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(dialect.quote(c.name()));
        }
        return sb.toString();
    }
}
