package io.kalchemy.dialect.sqlite;

import io.kalchemy.dialect.CompiledStatement;
import io.kalchemy.dialect.TableAccess;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The tables a statement reads and changes, read from SQLite's own plan: {@code EXPLAIN} lists
 * every b-tree the program opens ({@code OpenRead}, {@code OpenWrite}, {@code Clear}) by root
 * page, including the programs of the triggers and foreign-key actions it fires, and views are
 * already expanded to their tables. Root pages map to tables through {@code sqlite_master}
 * (an index's page to its table). Literal SQL is covered the same way. What the plan cannot name
 * (virtual tables, attached databases) falls back to the compiler's names, or to "every table".
 * A statement that changes the schema changes "every table".
 */
final class SqliteTableAccess {
    private SqliteTableAccess() {
    }

    /** Database index of {@code main} and {@code temp} in the plan's P3 operands. */
    private static final int MAIN = 0;
    private static final int TEMP = 1;

    static TableAccess explain(java.sql.Connection jdbc, CompiledStatement statement) throws SQLException {
        Set<Long> mainReads = new HashSet<>();
        Set<Long> mainWrites = new HashSet<>();
        Set<Long> tempReads = new HashSet<>();
        Set<Long> tempWrites = new HashSet<>();
        boolean readsUnknown = false;
        boolean writesUnknown = false;
        boolean virtualRead = false;
        boolean virtualWrite = false;
        try (PreparedStatement ps = jdbc.prepareStatement("EXPLAIN " + statement.sql());
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String opcode = rs.getString(2);
                long p1 = rs.getLong(3);
                long p2 = rs.getLong(4);
                long p3 = rs.getLong(5);
                switch (opcode) {
                    case "OpenRead", "ReopenIdx" -> readsUnknown |= !add(p3, p2, mainReads, tempReads);
                    case "OpenWrite" -> writesUnknown |= !add(p3, p2, mainWrites, tempWrites);
                    case "Clear" -> writesUnknown |= !add(p2, p1, mainWrites, tempWrites); // P1 root page, P2 database
                    case "VOpen", "VFilter" -> virtualRead = true;
                    case "VUpdate" -> virtualWrite = true;
                    case "CreateBtree", "Destroy", "DropTable", "DropIndex", "DropTrigger", "ParseSchema", "VCreate", "VDestroy" ->
                            writesUnknown = true; // a schema change: every table may differ
                    default -> {
                        // other opcodes open nothing of the database's
                    }
                }
            }
        }
        Set<String> named = TableAccess.lowerCase(statement.tables());
        Set<String> namedWrites = TableAccess.lowerCase(statement.writtenTables());
        Set<String> reads = readsUnknown || (virtualRead && named == null) ? null : resolve(jdbc, mainReads, tempReads, named);
        Set<String> writes = writesUnknown || (virtualWrite && namedWrites == null) ? null : resolve(jdbc, mainWrites, tempWrites, namedWrites);
        return new TableAccess(reads, writes);
    }

    /**
     * The tables owning the {@code main} and {@code temp} pages, with the compiler's {@code named}
     * ones (virtual tables and table-valued functions, which the plan does not name); null when a
     * page belongs to nothing known.
     */
    private static Set<String> resolve(java.sql.Connection jdbc, Set<Long> main, Set<Long> temp, Set<String> named) throws SQLException {
        Set<String> tables = new HashSet<>();
        if (!names(jdbc, "main", main, tables) || !names(jdbc, "temp", temp, tables)) {
            return null;
        }
        if (named != null) {
            tables.addAll(named);
        }
        return Set.copyOf(tables);
    }

    /** Adds {@code page} of database {@code db}; false for an attached database, which the plan cannot name here. */
    private static boolean add(long db, long page, Set<Long> main, Set<Long> temp) {
        if (db == MAIN) {
            main.add(page);
        } else if (db == TEMP) {
            temp.add(page);
        } else {
            return false;
        }
        return true;
    }

    /** Adds the tables owning {@code pages} of {@code schema} to {@code into}; false when a page belongs to nothing known. */
    private static boolean names(java.sql.Connection jdbc, String schema, Set<Long> pages, Set<String> into) throws SQLException {
        if (pages.isEmpty()) {
            return true;
        }
        Map<Long, String> owners = new HashMap<>();
        owners.put(1L, "sqlite_master"); // the schema table itself, which has no row of its own
        try (PreparedStatement ps = jdbc.prepareStatement("SELECT rootpage, tbl_name FROM " + schema
                + ".sqlite_master WHERE type IN ('table', 'index') AND rootpage > 0");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                owners.put(rs.getLong(1), rs.getString(2).toLowerCase(Locale.ROOT));
            }
        }
        for (Long page : pages) {
            String owner = owners.get(page);
            if (owner == null) {
                return false;
            }
            into.add(owner);
        }
        return true;
    }
}
