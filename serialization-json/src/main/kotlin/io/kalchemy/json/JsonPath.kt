package io.kalchemy.json

import io.kalchemy.coroutines.column
import io.kalchemy.sql.Expression
import io.kalchemy.sql.Sql
import io.kalchemy.types.SqlTypes
import kotlin.reflect.KProperty1

/**
 * A location inside a JSON column, compiled for SQLite's JSON functions: `json_extract(col, '$.a.b[0]')`.
 * The path is bound as a parameter. Convert it to the SQL type you compare with:
 * `Document::data.json("type").asText() eq "report"`, `json("meta", "pages").asLong() gt 10`.
 */
class JsonPath internal constructor(private val column: Expression<*>, private val path: String) {
    /** A deeper location: object keys (strings) and array indexes (ints). */
    fun json(vararg steps: Any): JsonPath = JsonPath(column, path + render(steps))

    private fun extract(): List<Expression<*>> = listOf(column, Sql.literal(path))

    /** The value as text (a JSON string's contents; numbers and booleans as their text). */
    fun asText(): Expression<String> = Sql.func("json_extract", SqlTypes.TEXT, *extract().toTypedArray())

    /** The value as an integer. */
    fun asLong(): Expression<Long> = Sql.func("json_extract", SqlTypes.LONG, *extract().toTypedArray())

    /** The value as a double. */
    fun asDouble(): Expression<Double> = Sql.func("json_extract", SqlTypes.DOUBLE, *extract().toTypedArray())

    /** The value as a boolean (JSON true/false are 1/0 in SQLite). */
    fun asBoolean(): Expression<Boolean> = Sql.func("json_extract", SqlTypes.BOOLEAN, *extract().toTypedArray())

    /** The value as JSON text (objects and arrays stay JSON). */
    fun asJson(): Expression<String> = Sql.func("json", SqlTypes.TEXT, Sql.func("json_extract", SqlTypes.TEXT, *extract().toTypedArray()))

    /** The number of elements of the array here (`json_array_length`). */
    fun arrayLength(): Expression<Long> = Sql.func("json_array_length", SqlTypes.LONG, *extract().toTypedArray())

    /**
     * True when the array here has an element equal to [value]:
     * `EXISTS (SELECT 1 FROM json_each(col, path) AS e WHERE e.value = ?)`.
     */
    fun arrayContains(value: Any): Expression<Boolean> {
        val each = Sql.tableFunction("json_each", "elements", column, Sql.literal(path))
        val element = each.declare("value", SqlTypes.ANY)
        return Sql.select(Sql.literal(1)).from(each).where(element.eq(Sql.literal(value))).exists()
    }

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

    override fun toString(): String = "$column -> $path"

    internal companion object {
        fun render(steps: Array<out Any>): String = buildString {
            for (s in steps) {
                when (s) {
                    is Int -> append('[').append(s).append(']')
                    is String -> if (Regex("[A-Za-z_][A-Za-z0-9_]*").matches(s)) append('.').append(s)
                    else append(".\"").append(s.replace("\"", "\\\"")).append('"')
                    else -> throw io.kalchemy.errors.ArgumentError("JSON path steps are keys (String) or indexes (Int), not ${s::class.simpleName}")
                }
            }
        }
    }
}

/** A location inside this JSON column (Core column or any expression holding JSON text). */
fun Expression<*>.json(vararg steps: Any): JsonPath = JsonPath(this, "$" + JsonPath.render(steps))

/** A location inside this JSON property's column: `Document::data.json("type")`. */
fun <E, V> KProperty1<E, V>.json(vararg steps: Any): JsonPath = column.json(*steps)
