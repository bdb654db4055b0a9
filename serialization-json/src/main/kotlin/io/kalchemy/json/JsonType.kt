package io.kalchemy.json

import io.kalchemy.errors.DataError
import io.kalchemy.types.JsonDocumentType
import java.sql.PreparedStatement
import java.sql.ResultSet
import java.sql.Types
import kotlinx.serialization.KSerializer
import kotlinx.serialization.SerializationException
import kotlinx.serialization.json.Json

/**
 * A JSON column: values of any `@Serializable` class, `List`, `Map` or `JsonElement`, stored as
 * JSON text under declared type `JSON` on SQLite (SQLAlchemy's SQLite `JSON`) and as `jsonb` on
 * PostgreSQL, encoded and decoded with [json]. Malformed text in the database raises [DataError] (the engine adds table, column and key).
 *
 * ```
 * val settings = table.column("settings", JsonType(Settings.serializer()))
 * ```
 */
class JsonType<T : Any>(
    /** How values are encoded. */
    val serializer: KSerializer<T>,
    /** The `Json` configuration used both ways. */
    val json: Json = JsonColumns.json,
) : JsonDocumentType<T> {
    @Suppress("UNCHECKED_CAST")
    override fun javaType(): Class<T> = Any::class.java as Class<T>

    override fun ddl(): String = "JSON"

    override fun bind(statement: PreparedStatement, index: Int, value: T?) {
        if (value == null) statement.setNull(index, Types.VARCHAR) else statement.setString(index, encode(value))
    }

    override fun read(row: ResultSet, index: Int): T? = row.getString(index)?.let(::decode)

    /** The JSON text of [value]. */
    override fun encode(value: T): String = json.encodeToString(serializer, value)

    /** The value of JSON [text]; throws [DataError] naming the expected type when it does not fit. */
    override fun decode(text: String): T = try {
        json.decodeFromString(serializer, text)
    } catch (e: SerializationException) {
        throw DataError("malformed JSON for ${serializer.descriptor.serialName}: ${e.message?.lineSequence()?.first()} (text: ${text.take(80)})", e)
    } catch (e: IllegalArgumentException) {
        throw DataError("malformed JSON for ${serializer.descriptor.serialName}: ${e.message?.lineSequence()?.first()} (text: ${text.take(80)})", e)
    }

    @Suppress("UNCHECKED_CAST")
    override fun coerce(value: Any?): T? = when (value) {
        null -> null
        is String -> decode(value)
        else -> value as T
    }

    override fun toString(): String = "JSON<${serializer.descriptor.serialName}>"
}

/** Settings shared by `@Json` properties. */
object JsonColumns {
    /** The `Json` instance `@Json` properties (and [JsonType] by default) use. Set it at start-up. */
    @Volatile
    var json: Json = Json { ignoreUnknownKeys = true; encodeDefaults = true }
}
