package io.kalchemy.json

import io.kalchemy.coroutines.AsyncSession
import io.kalchemy.coroutines.Database
import io.kalchemy.coroutines.TypedSelect
import io.kalchemy.coroutines.currentSession
import io.kalchemy.engine.Row
import io.kalchemy.engine.RowResult
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.map
import kotlinx.serialization.DeserializationStrategy
import kotlinx.serialization.json.Json
import kotlinx.serialization.serializer

/** This row as a `@Serializable` [T], fields matched to column labels (see [FieldsDecoder]). */
fun <T> Row.decode(deserializer: DeserializationStrategy<T>, json: Json = JsonColumns.json): T =
    FieldsDecoder(RowSource(this), json, deserializer.descriptor.serialName).decodeSerializableValue(deserializer)

/** This row as a `@Serializable` [T]. */
inline fun <reified T> Row.decodeAs(json: Json = JsonColumns.json): T = decode(serializer<T>(), json)

/** Every remaining row as [T]. */
inline fun <reified T> RowResult.decodeAs(json: Json = JsonColumns.json): List<T> {
    val s = serializer<T>()
    return all().map { it.decode(s, json) }
}

/**
 * Runs this query in the current `read {}` / `transaction {}` and decodes each row into [T]:
 * `selectRows(User::id, User::email, count(Post::id).label("postCount")).groupBy(...).decodeAs<UserResponse>()`.
 */
suspend inline fun <reified T> TypedSelect<Row>.decodeAs(json: Json = JsonColumns.json): List<T> {
    val s = serializer<T>()
    return currentSession().execute(statement).rows().map { it.decode(s, json) }
}

/** The rows of this query as a Flow of [T], read from the cursor in the current `read {}` as it is collected. */
inline fun <reified T> TypedSelect<Row>.decodeStream(yieldPer: Int = 1000, json: Json = JsonColumns.json): Flow<T> {
    val s = serializer<T>()
    val query = this
    return flow {
        val session: AsyncSession = currentSession()
        with(session) { query.stream(yieldPer) }.collect { emit(it.decode(s, json)) }
    }
}

/** The rows of [query] as a Flow of [T] in a read transaction of its own (see [Database.stream]). */
inline fun <reified T> Database.decodeStream(query: TypedSelect<Row>, yieldPer: Int = 1000, json: Json = JsonColumns.json): Flow<T> {
    val s = serializer<T>()
    return stream(query, yieldPer).map { it.decode(s, json) }
}
