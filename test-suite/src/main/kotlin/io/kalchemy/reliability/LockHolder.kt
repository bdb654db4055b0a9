package io.kalchemy.reliability

import java.sql.DriverManager

/**
 * A second process holding a write transaction: `BEGIN IMMEDIATE`, one insert, prints `LOCKED`,
 * then sleeps for the given milliseconds before rolling back. Arguments: database file, millis.
 */
fun main(args: Array<String>) {
    DriverManager.getConnection("jdbc:sqlite:" + args[0]).use { c ->
        c.createStatement().use { st ->
            st.execute("PRAGMA journal_mode = WAL")
            st.execute("BEGIN IMMEDIATE")
            st.execute("CREATE TABLE IF NOT EXISTS lock_probe (x INTEGER)")
            st.execute("INSERT INTO lock_probe VALUES (1)")
            println("LOCKED")
            System.out.flush()
            Thread.sleep(args[1].toLong())
            st.execute("ROLLBACK")
        }
    }
}
