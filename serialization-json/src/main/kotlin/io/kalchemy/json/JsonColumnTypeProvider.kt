package io.kalchemy.json

import io.kalchemy.errors.MappingError
import io.kalchemy.orm.ColumnTypeProvider
import io.kalchemy.types.SqlType
import java.lang.reflect.Field
import kotlin.reflect.full.memberProperties
import kotlin.reflect.jvm.javaField
import kotlinx.serialization.KSerializer
import kotlinx.serialization.serializer

/** Types `@Json` properties for the core mapper: a [JsonType] with the property's kotlinx serializer. */
class JsonColumnTypeProvider : ColumnTypeProvider {
    @Suppress("UNCHECKED_CAST")
    override fun typeFor(owner: Class<*>, property: String, field: Field?): SqlType<*>? {
        if (field == null || !field.isAnnotationPresent(Json::class.java)) return null
        val kProperty = owner.kotlin.memberProperties.firstOrNull { it.javaField == field }
        val serializer: KSerializer<Any> = try {
            (if (kProperty != null) serializer(kProperty.returnType) else serializer(field.genericType)) as KSerializer<Any>
        } catch (e: kotlinx.serialization.SerializationException) {
            throw MappingError("@Json property ${owner.name}.$property has no kotlinx serializer: ${e.message}", e)
        }
        return JsonType(serializer)
    }
}
