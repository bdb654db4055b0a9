package io.kalchemy.coroutines

import io.kalchemy.engine.Row
import io.kalchemy.sql.Expression
import io.kalchemy.sql.FromItem
import io.kalchemy.sql.Select
import io.kalchemy.sql.SelectItem
import io.kalchemy.sql.SortOrder
import io.kalchemy.sql.Sql
import kotlin.reflect.KClass
import kotlin.reflect.KProperty1

/**
 * A SELECT whose results Kotlin knows the type of: entities (`select<User>()`), one column's
 * values (`select(User::email)`, nullable when the column is), or whole [Row]s. Immutable; each
 * method returns a refined copy. Run it inside `db.read {}` / `db.transaction {}` with `list()`,
 * `firstOrNull()`, `single()`, `stream()`, or with `db.stream(query)`.
 *
 * @param T what one result is
 */
class TypedSelect<T> internal constructor(
    /** The core statement. */
    val statement: Select,
    internal val wholeRows: Boolean,
) {
    private fun copy(s: Select) = TypedSelect<T>(s, wholeRows)

    /** Adds conditions to WHERE (combined with AND). */
    fun where(vararg conditions: Expression<Boolean>): TypedSelect<T> = copy(statement.where(*conditions))

    /** Adds ORDER BY terms. */
    fun orderBy(vararg order: SortOrder): TypedSelect<T> = copy(statement.orderBy(*order))

    /** Adds ascending ORDER BY on properties. */
    fun orderBy(vararg properties: KProperty1<*, *>): TypedSelect<T> =
        copy(statement.orderBy(*properties.map { it.column.asc() }.toTypedArray()))

    /** At most [n] results. */
    fun limit(n: Long): TypedSelect<T> = copy(statement.limit(n))

    /** At most [n] results. */
    fun limit(n: Int): TypedSelect<T> = limit(n.toLong())

    /** Skips the first [n] results. */
    fun offset(n: Long): TypedSelect<T> = copy(statement.offset(n))

    /** Skips the first [n] results. */
    fun offset(n: Int): TypedSelect<T> = offset(n.toLong())

    /** `JOIN` the mapped class [target], ON from the foreign key unless given. */
    fun join(target: KClass<*>, on: Expression<Boolean>? = null): TypedSelect<T> =
        join(mapperOf(target), on)

    /** `JOIN` [target], ON from the foreign key unless given. */
    fun join(target: FromItem, on: Expression<Boolean>? = null): TypedSelect<T> =
        copy(if (on == null) statement.join(target) else statement.join(target, on))

    /** `LEFT OUTER JOIN` the mapped class [target]. */
    fun leftJoin(target: KClass<*>, on: Expression<Boolean>? = null): TypedSelect<T> {
        val m = mapperOf(target)
        return copy(if (on == null) statement.leftJoin(m) else statement.leftJoin(m, on))
    }

    /** `GROUP BY`. */
    fun groupBy(vararg keys: Expression<*>): TypedSelect<T> = copy(statement.groupBy(*keys))

    /** `GROUP BY` properties. */
    fun groupBy(vararg properties: KProperty1<*, *>): TypedSelect<T> =
        copy(statement.groupBy(*properties.map { it.column }.toTypedArray()))

    /** `HAVING`. */
    fun having(vararg conditions: Expression<Boolean>): TypedSelect<T> = copy(statement.having(*conditions))

    /** `SELECT DISTINCT`. */
    fun distinct(): TypedSelect<T> = copy(statement.distinct())

    /**
     * Locks the rows it returns until the transaction ends (`FOR UPDATE`): the portable way to
     * read, change and write rows without losing a concurrent transaction's update. Other
     * transactions that lock or write those rows wait. On SQLite nothing is rendered: its single
     * writer already keeps every other writer out of a `transaction {}`. Use it in
     * `transaction {}`: PostgreSQL refuses it in `read {}` (a read-only transaction).
     */
    fun forUpdate(): TypedSelect<T> = copy(statement.forUpdate())

    /** As [forUpdate], failing at once (an [io.kalchemy.errors.OperationalError] of kind BUSY) when another transaction holds one of the rows. */
    fun forUpdateNowait(): TypedSelect<T> = copy(statement.forUpdateNowait())

    /** As [forUpdate], leaving out the rows other transactions hold locked (`SKIP LOCKED`): workers taking jobs from a queue table. */
    fun forUpdateSkipLocked(): TypedSelect<T> = copy(statement.forUpdateSkipLocked())

    override fun toString(): String = "TypedSelect($statement)"
}

/** `SELECT` all mapped columns of [T], yielding entities. */
inline fun <reified T : Any> select(): TypedSelect<T> = select(T::class)

/** `SELECT` all mapped columns of [type], yielding entities. */
fun <T : Any> select(type: KClass<T>): TypedSelect<T> = TypedSelect(Sql.select(mapperOf(type)), false)

/** `SELECT column`, yielding its values (null where the column is NULL). */
fun <E, V> select(property: KProperty1<E, V>): TypedSelect<V> = TypedSelect(Sql.select(property.column), false)

/** `SELECT expression`, yielding its values. */
fun <V> selectValue(expression: Expression<V>): TypedSelect<V?> = TypedSelect(Sql.select(expression), false)

/** `SELECT items...` (properties, expressions, mapped classes), yielding whole rows. */
fun selectRows(vararg items: Any): TypedSelect<Row> = TypedSelect(
    Sql.select(items.map { item ->
        when (item) {
            is KProperty1<*, *> -> item.column
            is KClass<*> -> mapperOf(item)
            is SelectItem -> item
            else -> throw io.kalchemy.errors.ArgumentError("cannot select ${item::class.qualifiedName}: use a property, a mapped class or an expression")
        }
    }),
    true,
)
