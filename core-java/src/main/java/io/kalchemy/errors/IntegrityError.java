package io.kalchemy.errors;

import java.util.List;

/**
 * A constraint refused a write: UNIQUE, PRIMARY KEY, FOREIGN KEY, NOT NULL or CHECK.
 * {@link #constraint()} says which kind; {@link #table()} and {@link #columns()} name what
 * SQLite named (SQLite does not name the columns of a failed foreign key).
 */
public class IntegrityError extends DatabaseError {
    /** The kind of constraint that failed. */
    public enum Constraint { UNIQUE, PRIMARY_KEY, FOREIGN_KEY, NOT_NULL, CHECK, DATATYPE, OTHER }

    private final Constraint constraint;
    private final String table;
    private final List<String> columns;
    private final String constraintName;

    /**
     * Creates the error.
     *
     * @param message what happened
     * @param statement the SQL that failed, or null
     * @param vendorCode the database's own error code (SQLite: extended result code), or -1
     * @param constraint the kind of constraint
     * @param table the table the database named, or null
     * @param columns the columns the database named (may be empty)
     * @param constraintName the CHECK constraint's name or expression the database named, or null
     * @param cause the driver's exception
     */
    public IntegrityError(String message, String statement, int vendorCode, Constraint constraint,
                          String table, List<String> columns, String constraintName, Throwable cause) {
        super(message, statement, vendorCode, cause);
        this.constraint = constraint;
        this.table = table;
        this.columns = List.copyOf(columns);
        this.constraintName = constraintName;
    }

    /** Which kind of constraint failed. */
    public Constraint constraint() {
        return constraint;
    }

    /** The table the database named in its message, or null. */
    public String table() {
        return table;
    }

    /** The columns the database named in its message (empty for foreign keys). */
    public List<String> columns() {
        return columns;
    }

    /** For CHECK failures, the constraint's name or expression as the database reported it; else null. */
    public String constraintName() {
        return constraintName;
    }
}
