package io.kalchemy.schema;

import io.kalchemy.errors.ArgumentError;
import io.kalchemy.sql.ColumnExpression;
import io.kalchemy.sql.Expression;
import io.kalchemy.sql.FromItem;
import io.kalchemy.sql.NamedTable;
import io.kalchemy.sql.Sql;
import io.kalchemy.sql.TableAlias;
import io.kalchemy.types.SqlType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A table: its columns, primary key, foreign keys, indexes and constraints, and the FROM item
 * statements read from and write to. Define it once, at start-up, then share it:
 *
 * <pre>{@code
 * MetaData metadata = new MetaData();
 * Table users = metadata.table("users");
 * Column<Long> id = users.column("id", SqlTypes.LONG).primaryKey();
 * Column<String> email = users.column("email", SqlTypes.text(100)).notNull().unique();
 * }</pre>
 *
 * <p>Kotlin code may also subclass it: {@code object Users : Table("users") { val id = column("id", SqlTypes.LONG).primaryKey() }}.
 * Definition methods are not thread-safe; a fully defined table is immutable in practice and
 * safe to share.
 */
public class Table implements NamedTable {
    private final String name;
    private MetaData metadata;
    private final Map<String, Column<?>> columns = new LinkedHashMap<>();
    private final List<Column<?>> columnList = new ArrayList<>();
    private final List<Column<?>> primaryKey = new ArrayList<>();
    private final List<ForeignKey> foreignKeys = new ArrayList<>();
    private final List<Index> indexes = new ArrayList<>();
    private final List<UniqueConstraint> uniqueConstraints = new ArrayList<>();
    private final List<CheckConstraint> checks = new ArrayList<>();

    /** Creates a table not yet in any {@link MetaData}; add it with {@link MetaData#add(Table)}. */
    public Table(String name) {
        if (name == null || name.isEmpty()) {
            throw new ArgumentError("a table needs a non-empty name");
        }
        this.name = name;
    }

    void attach(MetaData metadata) {
        if (this.metadata != null && this.metadata != metadata) {
            throw new ArgumentError("table " + name + " already belongs to another MetaData");
        }
        this.metadata = metadata;
    }

    /**
     * Adds a column.
     *
     * @throws ArgumentError when the table already has a column of that name
     */
    public <T> Column<T> column(String name, SqlType<T> type) {
        Column<T> c = new Column<>(this, name, type);
        if (columns.containsKey(name.toLowerCase())) {
            throw new ArgumentError("table " + this.name + " already has a column named " + name);
        }
        columns.put(name.toLowerCase(), c);
        columnList.add(c);
        return c;
    }

    /**
     * The column named {@code name} (case-insensitive, as SQLite is).
     *
     * @throws ArgumentError naming the table and its columns when there is none
     */
    @Override
    @SuppressWarnings("unchecked")
    public <T> Column<T> column(String name) {
        Column<?> c = name == null ? null : columns.get(name.toLowerCase());
        if (c == null) {
            throw new ArgumentError("table " + this.name + " has no column '" + name + "'; columns are "
                    + columnList.stream().map(Column::name).toList());
        }
        return (Column<T>) c;
    }

    /** True when the table has a column of that name. */
    public boolean hasColumn(String name) {
        return columns.containsKey(name.toLowerCase());
    }

    void addToPrimaryKey(Column<?> c) {
        if (!primaryKey.contains(c)) {
            primaryKey.add(c);
        }
    }

    /** Declares a (composite) primary key over {@code keyColumns}, replacing any earlier one. */
    public Table primaryKey(Column<?>... keyColumns) {
        primaryKey.clear();
        for (Column<?> c : keyColumns) {
            requireOwn(c, "primary key");
            primaryKey.add(c);
            c.markPrimaryKey();
        }
        return this;
    }

    /** Declares a (composite) foreign key. */
    public Table foreignKey(String constraintName, List<Column<?>> local, List<Column<?>> referenced,
                            ReferentialAction onDelete, ReferentialAction onUpdate) {
        if (local.isEmpty() || local.size() != referenced.size()) {
            throw new ArgumentError("foreign key on " + name + ": " + local.size() + " local columns but "
                    + referenced.size() + " referenced columns");
        }
        for (Column<?> c : local) {
            requireOwn(c, "foreign key");
        }
        Table target = referenced.get(0).table();
        for (Column<?> r : referenced) {
            if (r.table() != target) {
                throw new ArgumentError("foreign key on " + name + ": referenced columns " + referenced
                        + " are not all of one table");
            }
        }
        foreignKeys.add(new ForeignKey(constraintName, List.copyOf(local), List.copyOf(referenced),
                onDelete == null ? ReferentialAction.NO_ACTION : onDelete,
                onUpdate == null ? ReferentialAction.NO_ACTION : onUpdate));
        return this;
    }

    /** Adds an index {@code name} over {@code indexed}. */
    public Table index(String indexName, boolean unique, List<Column<?>> indexed) {
        if (indexed.isEmpty()) {
            throw new ArgumentError("index " + indexName + " on " + name + " needs at least one column");
        }
        for (Column<?> c : indexed) {
            requireOwn(c, "index " + indexName);
        }
        for (Index existing : indexes) {
            if (existing.name().equalsIgnoreCase(indexName)) {
                throw new ArgumentError("table " + name + " already has an index named " + indexName);
            }
        }
        indexes.add(new Index(indexName, List.copyOf(indexed), unique));
        return this;
    }

    /** Adds an index {@code name} over {@code indexed}. */
    public Table index(String indexName, Column<?>... indexed) {
        return index(indexName, false, Arrays.asList(indexed));
    }

    /** Adds a UNIQUE constraint over the columns' combination. */
    public Table unique(String constraintName, Column<?>... uniqueColumns) {
        for (Column<?> c : uniqueColumns) {
            requireOwn(c, "unique constraint");
        }
        uniqueConstraints.add(new UniqueConstraint(constraintName, List.of(uniqueColumns)));
        return this;
    }

    /** Adds {@code CHECK (condition)} built from expressions. */
    public Table check(String constraintName, Expression<Boolean> condition) {
        checks.add(new CheckConstraint(constraintName, condition));
        return this;
    }

    /** Adds {@code CHECK (sql)} from SQL text written by code. */
    public Table check(String constraintName, String sql) {
        return check(constraintName, Sql.text(sql));
    }

    private void requireOwn(Column<?> c, String what) {
        if (c == null || c.table() != this) {
            throw new ArgumentError(what + " on table " + name + ": column " + c + " is not a column of " + name);
        }
    }

    /** {@code this AS alias}, for self-joins. */
    public TableAlias alias(String alias) {
        return Sql.alias(this, alias);
    }

    @Override
    public String name() {
        return name;
    }

    /** The MetaData this table belongs to, or null. */
    public MetaData metadata() {
        return metadata;
    }

    @Override
    public List<Column<?>> columns() {
        return Collections.unmodifiableList(columnList);
    }

    /** The primary-key columns in key order (empty when none). */
    public List<Column<?>> primaryKey() {
        return Collections.unmodifiableList(primaryKey);
    }

    /** The foreign keys. */
    public List<ForeignKey> foreignKeys() {
        return Collections.unmodifiableList(foreignKeys);
    }

    /** The indexes. */
    public List<Index> indexes() {
        return Collections.unmodifiableList(indexes);
    }

    /** The multi-column UNIQUE constraints (single-column ones are on the columns). */
    public List<UniqueConstraint> uniqueConstraints() {
        return Collections.unmodifiableList(uniqueConstraints);
    }

    /** The CHECK constraints. */
    public List<CheckConstraint> checks() {
        return Collections.unmodifiableList(checks);
    }

    /**
     * {@code this JOIN other} without an explicit ON: the equality over the single foreign key
     * between the two (either direction); null when there is none or more than one.
     */
    @Override
    public Expression<Boolean> joinConditionTo(FromItem other) {
        Table otherTable;
        TableAlias alias = null;
        if (other instanceof Table t) {
            otherTable = t;
        } else if (other instanceof TableAlias a && a.table() instanceof Table t) {
            otherTable = t;
            alias = a;
        } else {
            return null;
        }
        List<ForeignKey> candidates = new ArrayList<>();
        for (ForeignKey fk : foreignKeys) {
            if (fk.referencedTable() == otherTable) {
                candidates.add(fk);
            }
        }
        if (otherTable != this) {
            for (ForeignKey fk : otherTable.foreignKeys) {
                if (fk.referencedTable() == this) {
                    candidates.add(fk);
                }
            }
        }
        if (candidates.size() != 1) {
            return null;
        }
        ForeignKey fk = candidates.get(0);
        List<Expression<Boolean>> parts = new ArrayList<>();
        for (int i = 0; i < fk.columns().size(); i++) {
            ColumnExpression<?> a = fk.columns().get(i);
            ColumnExpression<?> b = fk.referencedColumns().get(i);
            if (alias != null) {
                if (fk.table() == otherTable && fk.table() != this) {
                    a = alias.get(a);
                } else {
                    b = alias.get(b);
                }
            }
            parts.add(equality(a, b));
        }
        return Sql.and(parts);
    }

    @SuppressWarnings("unchecked")
    private static Expression<Boolean> equality(ColumnExpression<?> a, ColumnExpression<?> b) {
        return ((ColumnExpression<Object>) a).eq((Expression<Object>) b);
    }

    @Override
    public String toString() {
        return "Table(" + name + ")";
    }
}
