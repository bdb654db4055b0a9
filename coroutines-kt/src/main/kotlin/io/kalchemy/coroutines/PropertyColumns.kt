package io.kalchemy.coroutines

import io.kalchemy.errors.ArgumentError
import io.kalchemy.orm.Mapper
import io.kalchemy.orm.Registry
import io.kalchemy.schema.Column
import io.kalchemy.sql.Expression
import io.kalchemy.sql.FunctionCall
import io.kalchemy.sql.SortOrder
import io.kalchemy.sql.Sql
import java.util.concurrent.ConcurrentHashMap
import kotlin.reflect.KClass
import kotlin.reflect.KProperty1
import kotlin.jvm.internal.CallableReference
import kotlin.jvm.internal.ClassBasedDeclarationContainer

/**
 * Property references as columns: `User::email` stands for the `email` column of the table
 * `User` maps to (in the global [Registry]). Resolved once per reference and cached.
 */
internal object PropertyColumns {
    private val cache = ConcurrentHashMap<KProperty1<*, *>, Column<*>>()

    @Suppress("UNCHECKED_CAST")
    fun <V> of(property: KProperty1<*, V>): Column<V> = cache.getOrPut(property) {
        Registry.global().mapper(ownerOf(property)).property(property.name).column()
    } as Column<V>

    /**
     * The class a property reference such as `User::email` was taken on. Read from the
     * reference itself, which the compiler fills in, so kotlin-reflect (about a thousand classes
     * and half a second in a fresh JVM) is never loaded for a query.
     */
    fun ownerOf(property: KProperty1<*, *>): Class<*> =
        ((property as? CallableReference)?.owner as? ClassBasedDeclarationContainer)?.jClass
            ?: throw ArgumentError("property ${property.name} is not a reference to a class's property (such as User::email)")
}

/** The mapper of [type] in the global registry. */
fun <T : Any> mapperOf(type: KClass<T>): Mapper<T> = Registry.global().mapper(type.java)

/** The column this property maps to, for use in statements. */
val <E, V> KProperty1<E, V>.column: Column<V> get() = PropertyColumns.of(this)

/** `column = value` (`IS NULL` for null); the value must have the property's type (`User::email eq 42` does not compile). */
@Suppress("INVISIBLE_REFERENCE", "INVISIBLE_MEMBER") // OnlyInputTypes, as kotlin-test and Kotest use it: `User::email eq 42` does not compile
infix fun <E, @kotlin.internal.OnlyInputTypes V> KProperty1<E, V>.eq(value: V): Expression<Boolean> = column.eq(value)

/** `column = other column`, for join conditions: `Post::userId eq User::id`. */
@Suppress("UNCHECKED_CAST")
infix fun <E, V> KProperty1<E, V>.eq(other: KProperty1<*, *>): Expression<Boolean> =
    column.eq(other.column as Expression<V>)

/** `column = expression`. */
infix fun <E, V> KProperty1<E, V>.eq(other: Expression<V>): Expression<Boolean> = column.eq(other)

/** `column <> value`. */
@Suppress("INVISIBLE_REFERENCE", "INVISIBLE_MEMBER") // OnlyInputTypes, as kotlin-test and Kotest use it: `User::email eq 42` does not compile
infix fun <E, @kotlin.internal.OnlyInputTypes V> KProperty1<E, V>.ne(value: V): Expression<Boolean> = column.ne(value)

/** `column < value`. */
infix fun <E, V : Comparable<V>> KProperty1<E, V?>.lt(value: V): Expression<Boolean> = column.lt(value)

/** `column <= value`. */
infix fun <E, V : Comparable<V>> KProperty1<E, V?>.le(value: V): Expression<Boolean> = column.le(value)

/** `column > value`. */
infix fun <E, V : Comparable<V>> KProperty1<E, V?>.gt(value: V): Expression<Boolean> = column.gt(value)

/** `column >= value`. */
infix fun <E, V : Comparable<V>> KProperty1<E, V?>.ge(value: V): Expression<Boolean> = column.ge(value)

/** `column LIKE pattern`. */
infix fun <E> KProperty1<E, String?>.like(pattern: String): Expression<Boolean> = column.like(pattern)

/** Case-insensitive LIKE. */
infix fun <E> KProperty1<E, String?>.ilike(pattern: String): Expression<Boolean> = column.ilike(pattern)

/** `column IN (values...)`; an empty collection is false. */
@Suppress("INVISIBLE_REFERENCE", "INVISIBLE_MEMBER") // OnlyInputTypes, as kotlin-test and Kotest use it: `User::email eq 42` does not compile
infix fun <E, @kotlin.internal.OnlyInputTypes V> KProperty1<E, V>.inList(values: Collection<V>): Expression<Boolean> = column.`in`(values)

/** `column NOT IN (values...)`. */
@Suppress("INVISIBLE_REFERENCE", "INVISIBLE_MEMBER") // OnlyInputTypes, as kotlin-test and Kotest use it: `User::email eq 42` does not compile
infix fun <E, @kotlin.internal.OnlyInputTypes V> KProperty1<E, V>.notInList(values: Collection<V>): Expression<Boolean> = column.notIn(values)

/** `column BETWEEN range.start AND range.endInclusive`. */
infix fun <E, V : Comparable<V>> KProperty1<E, V?>.between(range: ClosedRange<V>): Expression<Boolean> =
    column.between(range.start, range.endInclusive)

/** `column IS NULL`. */
fun <E, V> KProperty1<E, V>.isNull(): Expression<Boolean> = column.isNull()

/** `column IS NOT NULL`. */
fun <E, V> KProperty1<E, V>.isNotNull(): Expression<Boolean> = column.isNotNull()

/** Ascending order. */
fun <E, V> KProperty1<E, V>.asc(): SortOrder = column.asc()

/** Descending order. */
fun <E, V> KProperty1<E, V>.desc(): SortOrder = column.desc()

/** Both conditions hold. */
infix fun Expression<Boolean>.and(other: Expression<Boolean>): Expression<Boolean> = Sql.and(this, other)

/** Either condition holds. */
infix fun Expression<Boolean>.or(other: Expression<Boolean>): Expression<Boolean> = Sql.or(this, other)

/** `count(column)`: non-null values. */
fun <E, V> count(property: KProperty1<E, V>): FunctionCall<Long> = Sql.count(property.column)

/** `count(*)`. */
fun count(): FunctionCall<Long> = Sql.count()

/** `sum(column)`. */
fun <E, V> sum(property: KProperty1<E, V>): FunctionCall<V> = Sql.sum(property.column)

/** `max(column)`. */
fun <E, V> max(property: KProperty1<E, V>): FunctionCall<V> = Sql.max(property.column)

/** `min(column)`. */
fun <E, V> min(property: KProperty1<E, V>): FunctionCall<V> = Sql.min(property.column)
