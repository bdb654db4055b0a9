package io.kalchemy.json

import io.kalchemy.errors.DataError
import kotlinx.serialization.DeserializationStrategy
import kotlinx.serialization.ExperimentalSerializationApi
import kotlinx.serialization.descriptors.PolymorphicKind
import kotlinx.serialization.descriptors.PrimitiveKind
import kotlinx.serialization.descriptors.SerialDescriptor
import kotlinx.serialization.descriptors.SerialKind
import kotlinx.serialization.encoding.AbstractDecoder
import kotlinx.serialization.encoding.CompositeDecoder
import kotlinx.serialization.json.Json
import kotlinx.serialization.modules.SerializersModule

/** Named values a DTO is decoded from: a result row (by column label) or an entity's properties. */
internal interface FieldSource {
    /** The name this source knows [field] by (as is, or in snake_case), or null. */
    fun resolve(field: String): String?

    /** The value named [name] (a name [resolve] returned). */
    fun get(name: String): Any?

    /** The names available, for error messages. */
    fun names(): List<String>
}

/**
 * A kotlinx-serialization decoder that builds a `@Serializable` class from named values, without
 * reflection: each field takes the value of the column (or property) of the same name or its
 * snake_case form; absent optional fields keep their defaults; a JSON column's text decodes into
 * a nested class, list or map. Missing or mistyped fields raise [DataError] naming the field.
 */
@OptIn(ExperimentalSerializationApi::class)
internal class FieldsDecoder(
    private val source: FieldSource,
    private val json: Json,
    private val target: String,
) : AbstractDecoder() {
    override val serializersModule: SerializersModule = json.serializersModule
    private var index = -1
    private var name = ""
    private var value: Any? = null
    private var started = false

    override fun beginStructure(descriptor: SerialDescriptor): CompositeDecoder {
        if (started) throw DataError("$target: nested field '$name' must be stored as JSON text to be decoded")
        started = true
        return this
    }

    override fun decodeElementIndex(descriptor: SerialDescriptor): Int {
        while (++index < descriptor.elementsCount) {
            val field = descriptor.getElementName(index)
            val known = source.resolve(field)
            if (known != null) {
                name = field
                value = source.get(known)
                return index
            }
            if (!descriptor.isElementOptional(index)) {
                if (descriptor.getElementDescriptor(index).isNullable) {
                    name = field
                    value = null
                    return index
                }
                throw DataError("cannot decode $target: no column for required field '$field'; columns are ${source.names()}")
            }
        }
        return CompositeDecoder.DECODE_DONE
    }

    private fun mistyped(expected: String): DataError =
        DataError("cannot decode $target: field '$name' expects $expected but the column holds " +
            (value?.let { "${it::class.simpleName} '$it'" } ?: "NULL"))

    override fun decodeNotNullMark(): Boolean = value != null

    override fun decodeNull(): Nothing? = null

    override fun decodeString(): String = when (val v = value) {
        is String -> v
        is Number, is Boolean, is Char -> v.toString()
        is java.time.temporal.Temporal, is java.util.UUID -> v.toString()
        else -> throw mistyped("a string")
    }

    private fun number(): Number = when (val v = value) {
        is Number -> v
        is Boolean -> if (v) 1 else 0
        is String -> v.toBigDecimalOrNull() ?: throw mistyped("a number")
        else -> throw mistyped("a number")
    }

    override fun decodeLong(): Long = number().toLong()
    override fun decodeInt(): Int = number().toInt()
    override fun decodeShort(): Short = number().toShort()
    override fun decodeByte(): Byte = number().toByte()
    override fun decodeDouble(): Double = number().toDouble()
    override fun decodeFloat(): Float = number().toFloat()
    override fun decodeChar(): Char = decodeString().single()

    override fun decodeBoolean(): Boolean = when (val v = value) {
        is Boolean -> v
        is Number -> v.toLong() != 0L
        else -> throw mistyped("a boolean")
    }

    override fun decodeEnum(enumDescriptor: SerialDescriptor): Int {
        val text = (value as? Enum<*>)?.name ?: decodeString()
        val i = enumDescriptor.getElementIndex(text)
        if (i < 0) throw mistyped("one of ${(0 until enumDescriptor.elementsCount).map(enumDescriptor::getElementName)}")
        return i
    }

    @Suppress("UNCHECKED_CAST")
    override fun <T> decodeSerializableValue(deserializer: DeserializationStrategy<T>): T {
        if (!started) return super.decodeSerializableValue(deserializer)
        val kind: SerialKind = deserializer.descriptor.kind
        if (kind is PrimitiveKind || kind == SerialKind.ENUM) return super.decodeSerializableValue(deserializer)
        return when (val v = value) {
            is String -> try {
                json.decodeFromString(deserializer, v)
            } catch (e: Exception) {
                throw DataError("cannot decode $target: field '$name' holds malformed JSON for ${deserializer.descriptor.serialName}: " +
                    e.message?.lineSequence()?.first(), e)
            }
            null -> null as T
            else -> if (kind is PolymorphicKind || kind == SerialKind.CONTEXTUAL) v as T else v as T // already an object (entity JSON property)
        }
    }
}

/** [FieldSource] over a result row, by column label. */
internal class RowSource(private val row: io.kalchemy.engine.Row) : FieldSource {
    override fun resolve(field: String): String? {
        val keys = row.keys()
        if (field in keys) return field
        val snake = snake(field)
        return keys.firstOrNull { it == snake || it.equals(field, ignoreCase = true) }
    }

    override fun get(name: String): Any? = row.get(name)

    override fun names(): List<String> = row.keys()
}

/** [FieldSource] over a map (an entity's properties). */
internal class MapSource(private val values: Map<String, Any?>) : FieldSource {
    override fun resolve(field: String): String? = when {
        values.containsKey(field) -> field
        values.containsKey(snake(field)) -> snake(field)
        else -> null
    }

    override fun get(name: String): Any? = values[name]

    override fun names(): List<String> = values.keys.toList()
}

internal fun snake(name: String): String = name.replace(Regex("([a-z0-9])([A-Z])"), "$1_$2").lowercase()
