package io.kalchemy.coroutines

import io.kalchemy.errors.ArgumentError
import io.kalchemy.orm.LoadOption
import io.kalchemy.orm.Registry
import io.kalchemy.orm.Relationship
import io.kalchemy.sql.Expression
import kotlin.reflect.KProperty1

/** The relationship this property maps (in the global registry). */
val <E, V> KProperty1<E, V>.relationship: Relationship
    get() {
        return Registry.global().mapper(PropertyColumns.ownerOf(this)).relationship(name)
    }

/** Loads this relationship with one extra IN query per level: `selectinLoad(User::posts)`. */
fun <E, V> selectinLoad(property: KProperty1<E, V>): LoadOption =
    LoadOption.selectin(property.relationship.owner().type(), property.name)

/** Continues a loader path one level deeper: `selectinLoad(User::posts).selectinLoad(Post::comments)`. */
fun <E, V> LoadOption.selectinLoad(property: KProperty1<E, V>): LoadOption = selectin(property.name)

/** Loads this relationship in the same query with a LEFT OUTER JOIN (owners de-duplicated): `joinedLoad(User::posts)`. */
fun <E, V> joinedLoad(property: KProperty1<E, V>): LoadOption = LoadOption.joined(property.relationship.owner().type(), property.name)

/**
 * Fills this relationship from a join the query already has (SQLAlchemy's `contains_eager`):
 * `select<User>().join(User::posts).where(Post::title like "%x%").options(containsEager(User::posts))`.
 */
fun <E, V> containsEager(property: KProperty1<E, V>): LoadOption =
    LoadOption.containsEager(property.relationship.owner().type(), property.name)

/**
 * Leaves this collection unloaded (using it raises). On a reference the query throws
 * [io.kalchemy.errors.ArgumentError]: reading a field cannot raise, so use [noLoad] there.
 */
fun <E, V> raiseLoad(property: KProperty1<E, V>): LoadOption = LoadOption.raise(property.relationship.owner().type(), property.name)

/** Leaves this relationship as constructed, explicitly. */
fun <E, V> noLoad(property: KProperty1<E, V>): LoadOption = LoadOption.noload(property.relationship.owner().type(), property.name)

/** Owners with at least one related object matching [condition] (EXISTS): `User::posts.any(Post::title like "%x%")`. */
fun <E, V> KProperty1<E, V>.any(condition: Expression<Boolean>? = null): Expression<Boolean> =
    if (condition == null) relationship.any() else relationship.any(condition)

/** Owners whose referenced object matches [condition] (EXISTS), SQLAlchemy's `has()`: `Post::author.has(User::name eq "Ann")`. */
fun <E, V> KProperty1<E, V>.has(condition: Expression<Boolean>): Expression<Boolean> = relationship.any(condition)

/** Adds loader options to this query. */
fun <T> TypedSelect<T>.options(vararg options: LoadOption): TypedSelect<T> =
    TypedSelect(statement.options(*options), wholeRows)

/** `JOIN` along a relationship: `select<User>().join(User::posts)`. */
fun <T, E, V> TypedSelect<T>.join(property: KProperty1<E, V>): TypedSelect<T> {
    val r = property.relationship
    require(r.kind() != Relationship.Kind.MANY_TO_MANY) { "join along a many-to-many: join its association table, then the target" }
    return join(r.target(), r.joinCondition())
}

/** `LEFT OUTER JOIN` along a relationship. */
fun <T, E, V> TypedSelect<T>.leftJoin(property: KProperty1<E, V>): TypedSelect<T> {
    val r = property.relationship
    return TypedSelect(statement.leftJoin(r.target(), r.joinCondition()), wholeRows)
}
