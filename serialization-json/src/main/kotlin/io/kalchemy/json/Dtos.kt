package io.kalchemy.json

import io.kalchemy.errors.MappingError
import io.kalchemy.orm.Registry
import kotlin.reflect.KClass
import kotlin.reflect.full.primaryConstructor
import kotlinx.serialization.ExperimentalSerializationApi
import kotlinx.serialization.KSerializer
import kotlinx.serialization.SerializationStrategy
import kotlinx.serialization.descriptors.PrimitiveKind
import kotlinx.serialization.descriptors.SerialDescriptor
import kotlinx.serialization.descriptors.SerialKind
import kotlinx.serialization.encoding.AbstractEncoder
import kotlinx.serialization.encoding.CompositeEncoder
import kotlinx.serialization.json.Json
import kotlinx.serialization.modules.SerializersModule
import kotlinx.serialization.serializer

/**
 * A mapped entity as a `@Serializable` DTO (`user.toDto<UserResponse>()`): each DTO field takes
 * the entity property of the same name; no hand-written copying.
 */
inline fun <reified D> Any.toDto(json: Json = JsonColumns.json): D = toDto(serializer<D>(), json)

/** As [toDto] with an explicit deserializer. */
fun <D> Any.toDto(deserializer: kotlinx.serialization.DeserializationStrategy<D>, json: Json = JsonColumns.json): D {
    val mapper = Registry.global().mapper(this.javaClass)
    val values = LinkedHashMap<String, Any?>()
    for (p in mapper.properties()) values[p.name()] = p.get(this)
    return FieldsDecoder(MapSource(values), json, deserializer.descriptor.serialName).decodeSerializableValue(deserializer)
}

/**
 * A new entity of [E] from a `@Serializable` DTO (`create.toEntity<User>()`): the entity's
 * primary constructor gets the DTO fields it names (its own defaults fill the rest), then other
 * mutable properties take the remaining DTO fields of the same name.
 *
 * @throws MappingError when a constructor parameter without default has no DTO field
 */
inline fun <reified E : Any, reified D> D.toEntity(): E = toEntity(E::class, serializer<D>())

/** As [toEntity] with explicit classes. */
fun <E : Any, D> D.toEntity(type: KClass<E>, serializer: SerializationStrategy<D>): E {
    val fields = MapEncoder().also { it.encodeSerializableValue(serializer, this) }.values
    val mapper = Registry.global().mapper(type.java)
    fun coerce(property: String, value: Any?): Any? =
        if (value == null) null else runCatching { mapper.property(property).type().coerce(value) }.getOrElse { value }
    val ctor = type.primaryConstructor ?: throw MappingError("${type.qualifiedName} has no primary constructor to build from a DTO")
    val args = ctor.parameters.filter { it.name in fields || !it.isOptional }.associateWith { p ->
        if (p.name !in fields) {
            throw MappingError("cannot build ${type.simpleName} from ${serializer.descriptor.serialName}: no field for constructor parameter '${p.name}'")
        }
        coerce(p.name!!, fields[p.name])
    }
    val entity = ctor.callBy(args)
    val used = args.keys.mapNotNull { it.name }.toSet()
    for ((name, value) in fields) {
        if (name !in used && mapper.properties().any { it.name() == name }) mapper.property(name).set(entity, coerce(name, value))
    }
    return entity
}

/** Encodes a DTO's top-level fields into a map of plain values (nested values kept as objects). */
@OptIn(ExperimentalSerializationApi::class)
internal class MapEncoder : AbstractEncoder() {
    val values = LinkedHashMap<String, Any?>()
    override val serializersModule: SerializersModule = SerializersModule { }
    private var name = ""
    private var depth = 0

    override fun beginStructure(descriptor: SerialDescriptor): CompositeEncoder {
        depth++
        return this
    }

    override fun endStructure(descriptor: SerialDescriptor) {
        depth--
    }

    override fun encodeElement(descriptor: SerialDescriptor, index: Int): Boolean {
        name = descriptor.getElementName(index)
        return true
    }

    override fun encodeValue(value: Any) {
        values[name] = value
    }

    override fun encodeNull() {
        values[name] = null
    }

    override fun encodeEnum(enumDescriptor: SerialDescriptor, index: Int) {
        values[name] = enumDescriptor.getElementName(index)
    }

    override fun <T> encodeSerializableValue(serializer: SerializationStrategy<T>, value: T) {
        val kind = serializer.descriptor.kind
        if (depth == 0 || kind is PrimitiveKind || kind == SerialKind.ENUM) {
            super.encodeSerializableValue(serializer, value)
        } else {
            values[name] = value // a nested class, list or map stays an object (e.g. for a @Json property)
        }
    }
}

