package io.kalchemy.examples.readme.live

import io.kalchemy.coroutines.Database
import io.kalchemy.coroutines.select
import io.kalchemy.examples.readme.README_URL
import io.kalchemy.orm.Entity
import io.kalchemy.orm.Id
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking

@Entity("orders")
class Order(var customer: String, var total: Long) {
    @Id var id: Long? = null
}

/** What a dashboard shows. A data class: a commit that leaves it unchanged emits nothing. */
data class Dashboard(val orders: Int, val total: Long)

/**
 * A server-sent-events stream of the dashboard: one event now and one after every commit that
 * changes it, from this process or any other writing the file. In Ktor:
 * `call.respondTextWriter(ContentType.Text.EventStream) { dashboardEvents(db).collect { write(it); flush() } }`.
 */
fun dashboardEvents(db: Database): Flow<String> =
    db.observe { select<Order>().list().let { Dashboard(it.size, it.sumOf { o -> o.total }) } }
        .map { "data: {\"orders\":${it.orders},\"total\":${it.total}}\n\n" }

fun main() = runBlocking {
    val db = Database.open(README_URL)
    db.createAll(Order::class)
    val events = Channel<String>(Channel.UNLIMITED) // stands in for the HTTP response
    val client = launch { dashboardEvents(db).collect { events.send(it) } }
    print(events.receive()) // data: {"orders":0,"total":0}
    db.transaction { add(Order("ann", 1200)) }
    print(events.receive()) // data: {"orders":1,"total":1200}
    db.transaction {
        add(Order("bob", 800))
        add(Order("cy", 500))
    }
    print(events.receive()) // data: {"orders":3,"total":2500}
    client.cancel() // the client went away: the query stops and gives its reader back
    db.shutdown()
}
