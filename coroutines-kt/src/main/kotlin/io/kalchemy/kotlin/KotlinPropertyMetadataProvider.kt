package io.kalchemy.kotlin

import io.kalchemy.orm.PropertyMetadataProvider
import java.lang.reflect.Constructor
import kotlin.reflect.full.memberProperties
import kotlin.reflect.full.primaryConstructor
import kotlin.reflect.jvm.javaConstructor
import kotlin.reflect.jvm.kotlinFunction

/**
 * Tells core-java's mapper what only Kotlin metadata knows: a property's nullability
 * (`String` vs `String?`) and the names of a constructor's parameters, so classes such as
 * `class User(var email: String, var name: String) { @Id var id: Long? = null }` map without a
 * no-argument constructor. Registered with [java.util.ServiceLoader]; consulted once per mapped
 * class, never per row.
 */
class KotlinPropertyMetadataProvider : PropertyMetadataProvider {
    override fun supports(type: Class<*>): Boolean = type.isAnnotationPresent(Metadata::class.java)

    override fun nullable(type: Class<*>, property: String): Boolean? = try {
        type.kotlin.memberProperties.firstOrNull { it.name == property }?.returnType?.isMarkedNullable
    } catch (e: UnsupportedOperationException) {
        null
    } catch (e: Error) {
        null // kotlin-reflect cannot read some synthetic or local classes
    }

    override fun parameterNames(type: Class<*>, constructor: Constructor<*>): List<String?>? = try {
        constructor.kotlinFunction?.parameters?.map { it.name }
    } catch (e: UnsupportedOperationException) {
        null
    } catch (e: Error) {
        null
    }

    override fun preferredConstructor(type: Class<*>): Constructor<*>? = try {
        type.kotlin.primaryConstructor?.javaConstructor
    } catch (e: UnsupportedOperationException) {
        null
    } catch (e: Error) {
        null
    }
}
