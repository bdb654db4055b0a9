package io.kalchemy

import com.tngtech.archunit.core.domain.JavaAccess
import com.tngtech.archunit.core.domain.JavaCodeUnitAccess
import com.tngtech.archunit.core.domain.JavaFieldAccess
import com.tngtech.archunit.core.importer.ClassFileImporter
import com.tngtech.archunit.core.importer.Location
import io.kalchemy.coroutines.Database
import io.kalchemy.json.Json
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import java.lang.reflect.Executable
import java.net.URLClassLoader
import java.nio.file.Files
import java.nio.file.Path
import java.util.jar.JarFile

/** The jars `mvn` copied from the oldest supported runtimes (test-suite POM, `oldest-runtimes`). */
private val oldestRuntimes: List<Path> = Path.of("target", "oldest-runtimes").let { dir ->
    Files.list(dir).use { files -> files.filter { it.toString().endsWith(".jar") }.sorted().toList() }
}

/** Where a library module's classes were loaded from (its jar, or target/classes in an IDE). */
private fun locationOf(type: Class<*>): Location =
    Path.of(type.protectionDomain.codeSource.location.toURI()).let { if (Files.isDirectory(it)) Location.of(it) else Location.of(JarFile(it.toFile())) }

/** `owner.name(params)` as a key; constructors are `<init>`. */
private fun JavaAccess<*>.describe(): String = when (this) {
    is JavaCodeUnitAccess<*> -> "${target.owner.name}.${target.name}(${target.rawParameterTypes.joinToString { it.name }})"
    else -> "${targetOwner.name}.$name"
}

private fun Class<*>.hierarchy(): Sequence<Class<*>> = sequence {
    val seen = HashSet<Class<*>>()
    val queue = ArrayDeque(listOf(this@hierarchy))
    while (queue.isNotEmpty()) {
        val c = queue.removeFirst()
        if (!seen.add(c)) continue
        yield(c)
        c.superclass?.let(queue::add)
        queue.addAll(c.interfaces)
    }
}

private fun Executable.parameterNames(): List<String> = parameterTypes.map { it.name }

/** True when [access] links against the classes of [loader] (method, constructor or field, inherited members included). */
private fun resolves(access: JavaAccess<*>, loader: ClassLoader): Boolean {
    val owner = try {
        Class.forName(access.targetOwner.name, false, loader)
    } catch (e: ClassNotFoundException) {
        return false
    }
    return when (access) {
        is JavaFieldAccess -> owner.hierarchy().any { c -> c.declaredFields.any { it.name == access.name } }
        is JavaCodeUnitAccess<*> -> {
            val params = access.target.rawParameterTypes.map { it.name }
            val returns = access.target.rawReturnType.name
            if (access.target.name == "<init>") owner.declaredConstructors.any { it.parameterNames() == params }
            else owner.hierarchy().any { c ->
                c.declaredMethods.any { it.name == access.target.name && it.parameterNames() == params && it.returnType.name == returns }
            }
        }
        else -> true
    }
}

/**
 * The supported ranges (README, "Compatibility") as a check on the bytecode: every member of
 * kotlin-stdlib, kotlin-metadata-jvm, kotlinx-coroutines and kotlinx-serialization that the Kotlin modules call must
 * exist in the oldest supported versions of those jars. Code compiled against newer versions can
 * link to members the old ones lack (a default-argument bridge, a new overload, an inline
 * function's body); the consumer build under src/it runs the README's examples on those
 * versions, this covers the paths no example takes.
 */
class CompatibilitySpec : FunSpec({
    test("the oldest supported runtimes were copied for this check") {
        oldestRuntimes.map { it.fileName.toString().substringBeforeLast('-') }.sorted() shouldBe listOf(
            "kotlin-metadata-jvm", "kotlin-reflect", "kotlin-stdlib", "kotlinx-coroutines-core-jvm", "kotlinx-serialization-core-jvm", "kotlinx-serialization-json-jvm",
        )
    }

    test("every stdlib, coroutines and serialization member the Kotlin modules link to exists in the oldest supported versions") {
        val classes = ClassFileImporter().importLocations(listOf(locationOf(Database::class.java), locationOf(Json::class.java)))
        classes.size shouldBeGreaterThan 100 // both modules were found, not an empty import
        URLClassLoader(oldestRuntimes.map { it.toUri().toURL() }.toTypedArray(), ClassLoader.getPlatformClassLoader()).use { old ->
            val missing = classes.asSequence()
                .flatMap { it.accessesFromSelf }
                .filter { a -> a.targetOwner.name.let { it.startsWith("kotlin.") || it.startsWith("kotlinx.") } }
                .filterNot { resolves(it, old) }
                .map { "${it.describe()} from ${it.originOwner.name}" }
                .toSortedSet()
            withClue("links that the oldest supported runtimes cannot satisfy:\n" + missing.joinToString("\n")) { missing.shouldBeEmpty() }
        }
    }
})
