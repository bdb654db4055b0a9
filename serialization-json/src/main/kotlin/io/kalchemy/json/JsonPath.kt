package io.kalchemy.json

import io.kalchemy.coroutines.column
import io.kalchemy.sql.Expression
import io.kalchemy.sql.JsonContains
import io.kalchemy.sql.JsonPathExpression
import io.kalchemy.sql.JsonPathExpression.Kind
import io.kalchemy.sql.Sql
import kotlin.reflect.KProperty1

/**
 * A location inside a JSON column, rendered by the database's dialect with its JSON functions
 * (SQLite: `json_extract(col, '$.a.b[0]')`, the path bound as a parameter; see
 * [io.kalchemy.sql.JsonPathExpression]). Convert it to the SQL type you compare with:
 * `Document::data.json("type").asText() eq "report"`, `json("meta", "pages").asLong() gt 10`.
 */
class JsonPath internal constructor(private val column: Expression<*>, private val steps: List<Any>) {
    /** A deeper location: object keys (strings) and array indexes (ints). */
    fun json(vararg steps: Any): JsonPath = JsonPath(column, this.steps + steps).also { it.check() }

    internal fun check() {
        JsonPathExpression.of(column, steps, Kind.TEXT) // refuses steps that are neither keys nor indexes
    }

    @Suppress("UNCHECKED_CAST")
    private fun <T> read(kind: Kind): Expression<T> = JsonPathExpression.of(column, steps, kind) as Expression<T>

    /** The value as text (a JSON string's contents; numbers and booleans as their text). */
    fun asText(): Expression<String> = read(Kind.TEXT)

    /** The value as an integer. */
    fun asLong(): Expression<Long> = read(Kind.LONG)

    /** The value as a double. */
    fun asDouble(): Expression<Double> = read(Kind.DOUBLE)

    /** The value as a boolean (JSON true/false are 1/0 in SQLite). */
    fun asBoolean(): Expression<Boolean> = read(Kind.BOOLEAN)

    /** The value as JSON text (objects and arrays stay JSON). */
    fun asJson(): Expression<String> = read(Kind.JSON)

    /** The number of elements of the array here. */
    fun arrayLength(): Expression<Long> = read(Kind.ARRAY_LENGTH)

    /** True when the array here has an element equal to [value] (SQLite: `json_each`). */
    fun arrayContains(value: Any): Expression<Boolean> = JsonContains.of(column, steps, Sql.literal(value))

    /** The value here compared with [value], as text, number or boolean by [value]'s type. */
    infix fun eq(value: Any?): Expression<Boolean> = when (value) {
        null -> asText().isNull()
        is String -> asText().eq(value)
        is Boolean -> asBoolean().eq(value)
        is Int, is Long, is Short, is Byte -> asLong().eq((value as Number).toLong())
        is Number -> asDouble().eq(value.toDouble())
        else -> throw io.kalchemy.errors.ArgumentError("compare a JSON value with a string, number or boolean, not ${value::class.simpleName}")
    }

    /** The value here differs from [value] (typed as for [eq]). */
    infix fun ne(value: Any?): Expression<Boolean> = eq(value).not()

    /** The number here is greater than [value]. */
    infix fun gt(value: Number): Expression<Boolean> = asDouble().gt(value.toDouble())

    /** The number here is at least [value]. */
    infix fun ge(value: Number): Expression<Boolean> = asDouble().ge(value.toDouble())

    /** The number here is less than [value]. */
    infix fun lt(value: Number): Expression<Boolean> = asDouble().lt(value.toDouble())

    /** The number here is at most [value]. */
    infix fun le(value: Number): Expression<Boolean> = asDouble().le(value.toDouble())

    /** The text here matches the LIKE [pattern]. */
    infix fun like(pattern: String): Expression<Boolean> = asText().like(pattern)

    override fun toString(): String = asText().toString()
}

/** A location inside this JSON column (Core column or any expression holding JSON text). */
fun Expression<*>.json(vararg steps: Any): JsonPath = JsonPath(this, steps.toList()).also { it.check() }

/** A location inside this JSON property's column: `Document::data.json("type")`. */
fun <E, V> KProperty1<E, V>.json(vararg steps: Any): JsonPath = column.json(*steps)
