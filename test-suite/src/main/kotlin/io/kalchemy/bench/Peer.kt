package io.kalchemy.bench

/**
 * An ORM the benchmark compares Kalchemy with besides raw JDBC, written as its documentation
 * shows: one implementation of each of W1–W5 (SQLite only; each connection gets the raw
 * reference's PRAGMAs). Every method returns the same checksum the workload's Kalchemy and raw
 * implementations return, so [Workload.verify] checks the peer too.
 */
internal interface Peer {
    /** The implementation name the runner and the result table use. */
    val name: String

    /** W1: inserts users 1..[n] in one transaction; returns the sum of their ids. */
    fun insertUsers(url: String, n: Int): Long

    /** W2: loads each user of [ids] by primary key; returns the sum of their email lengths. */
    fun fetchByKey(url: String, ids: List<Long>): Long

    /** W3: loads every user, sets each name to `Name [iteration] id`, commits; returns the number changed. */
    fun dirtyUpdate(url: String, iteration: Int): Long

    /** W4: loads every user with its posts; returns the number of posts reached. */
    fun usersWithPosts(url: String): Long

    /** W5: reads every user without holding them all; returns the sum of id + email length. */
    fun streamRows(url: String): Long

    companion object {
        /** Every peer, in the order the result table shows them. */
        val ALL: List<Peer> = listOf(ExposedPeer, HibernatePeer, KtormPeer)

        /** The peer called [name]. @throws IllegalArgumentException when there is none. */
        fun named(name: String): Peer =
            ALL.firstOrNull { it.name == name } ?: throw IllegalArgumentException("no peer $name; known: ${ALL.map { it.name }}")
    }
}
