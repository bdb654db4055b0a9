package io.kalchemy.coroutines

import io.kalchemy.orm.Mapper
import kotlin.reflect.KClass
import kotlin.reflect.KParameter
import kotlin.reflect.KProperty1
import kotlin.reflect.full.primaryConstructor

/**
 * Rows for a bulk insert keyed by property name, with the Kotlin initializers' values for NOT NULL
 * properties a row leaves out that have no column default (a `createdAt = Instant.now()`), so a
 * bulk insert of maps behaves like adding objects. The initializers run by constructing one
 * object per such row through the primary constructor (reflection, only when a row leaves such a
 * property out).
 */
internal object BulkRows {
    fun <E : Any> withInitializers(type: KClass<E>, rows: List<Map<KProperty1<E, *>, Any?>>): List<Map<String, Any?>> {
        val mapper = Mapper.of(type.java)
        val filled = mapper.properties().filter { p ->
            val c = p.column()
            !c.isNullable && !c.hasClientDefault() && c.serverDefault() == null && !c.isGeneratedKey && p !== mapper.versionProperty()
        }
        return rows.map { row ->
            val named = row.mapKeys { (k, _) -> k.name }
            val missing = filled.filter { it.name() !in named }
            if (missing.isEmpty()) return@map named
            val template = construct(type, named) ?: return@map named
            named + missing.associate { it.name() to it.get(template) }
        }
    }

    /** An object built from [values] through the primary constructor, its defaults filling the rest; null when it cannot be. */
    private fun <E : Any> construct(type: KClass<E>, values: Map<String, Any?>): E? {
        val ctor = type.primaryConstructor ?: return null
        val args = HashMap<KParameter, Any?>()
        for (p in ctor.parameters) {
            when {
                p.name in values -> args[p] = values[p.name]
                p.isOptional -> Unit
                else -> return null // a required parameter the row leaves out: the insert reports the missing column
            }
        }
        return runCatching { ctor.callBy(args) }.getOrNull()
    }
}
