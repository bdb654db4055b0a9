package io.kalchemy.kotlin

import io.kalchemy.orm.PropertyMetadataProvider
import java.lang.reflect.Constructor
import kotlin.metadata.KmClass
import kotlin.metadata.isNullable
import kotlin.metadata.isSecondary
import kotlin.metadata.jvm.KotlinClassMetadata
import kotlin.metadata.jvm.signature

/**
 * Tells core-java's mapper what only Kotlin metadata knows: a property's nullability
 * (`String` vs `String?`) and the names of a constructor's parameters, so classes such as
 * `class User(var email: String, var name: String) { @Id var id: Long? = null }` map without a
 * no-argument constructor. Registered with [java.util.ServiceLoader]; consulted once per mapped
 * class, never per row. Any thread may call it.
 *
 * It reads the `@kotlin.Metadata` annotation with kotlin-metadata-jvm rather than kotlin-reflect:
 * mapping the benchmark's two entity classes took 550-580 ms through kotlin-reflect and 200-260 ms
 * this way in a fresh JVM on the 2-core build machine, almost all of it class loading
 * (docs/benchmarks.md, session 11).
 */
class KotlinPropertyMetadataProvider : PropertyMetadataProvider {
    override fun supports(type: Class<*>): Boolean = type.isAnnotationPresent(Metadata::class.java)

    override fun nullable(type: Class<*>, property: String): Boolean? {
        var c: Class<*>? = type
        while (c != null && c != Any::class.java) {
            val found = KOTLIN_CLASSES.get(c)?.properties?.firstOrNull { it.name == property }
            if (found != null) return found.returnType.isNullable
            c = c.superclass
        }
        return null
    }

    override fun parameterNames(type: Class<*>, constructor: Constructor<*>): List<String?>? {
        val descriptor = descriptorOf(constructor)
        return KOTLIN_CLASSES.get(type)?.constructors
            ?.firstOrNull { it.signature?.descriptor == descriptor }
            ?.valueParameters?.map { it.name }
    }

    override fun preferredConstructor(type: Class<*>): Constructor<*>? {
        val primary = KOTLIN_CLASSES.get(type)?.constructors?.firstOrNull { !it.isSecondary } ?: return null
        val descriptor = primary.signature?.descriptor ?: return null
        return type.declaredConstructors.firstOrNull { descriptorOf(it) == descriptor }
    }

    private companion object {
        /** The class's Kotlin metadata, or null when it is not a Kotlin class this library version can read. */
        val KOTLIN_CLASSES = object : ClassValue<KmClass?>() {
            override fun computeValue(type: Class<*>): KmClass? {
                val annotation = type.getAnnotation(Metadata::class.java) ?: return null
                return try {
                    (KotlinClassMetadata.readLenient(annotation) as? KotlinClassMetadata.Class)?.kmClass
                } catch (e: IllegalArgumentException) {
                    null // metadata this kotlin-metadata-jvm cannot read: the mapper falls back to Java reflection
                }
            }
        }

        /** The JVM method descriptor of [constructor], as Kotlin metadata records it: `(JLjava/lang/String;)V`. */
        fun descriptorOf(constructor: Constructor<*>): String =
            constructor.parameterTypes.joinToString("", "(", ")V") { descriptorOf(it) }

        fun descriptorOf(type: Class<*>): String = when {
            type.isArray -> type.name.replace('.', '/')
            type == java.lang.Boolean.TYPE -> "Z"
            type == java.lang.Byte.TYPE -> "B"
            type == java.lang.Character.TYPE -> "C"
            type == java.lang.Short.TYPE -> "S"
            type == java.lang.Integer.TYPE -> "I"
            type == java.lang.Long.TYPE -> "J"
            type == java.lang.Float.TYPE -> "F"
            type == java.lang.Double.TYPE -> "D"
            type == java.lang.Void.TYPE -> "V"
            else -> "L" + type.name.replace('.', '/') + ";"
        }
    }
}
