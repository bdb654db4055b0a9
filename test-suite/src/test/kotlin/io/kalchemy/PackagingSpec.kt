package io.kalchemy

import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Files
import java.nio.file.Path
import java.util.jar.JarFile

/** The jar a class was loaded from (the build runs the specs against the packaged library jars). */
private fun jarOf(type: Class<*>): Path {
    val location = Path.of(type.protectionDomain.codeSource.location.toURI())
    check(Files.isRegularFile(location)) { "${type.name} was loaded from $location, not from its jar: run the specs with mvn verify" }
    return location
}

/** A class of each library module, the module's JPMS name, and that class's source file. */
private val LIBRARY = listOf(
    Triple(io.kalchemy.engine.Engine::class.java, "io.kalchemy.core", "io/kalchemy/engine/Engine.java"),
    Triple(io.kalchemy.coroutines.Database::class.java, "io.kalchemy.coroutines", "io/kalchemy/coroutines/Database.kt"),
    Triple(io.kalchemy.json.JsonType::class.java, "io.kalchemy.json", "io/kalchemy/json/JsonType.kt"),
)

/** What a consumer's build sees of the artifacts: module names, sources jars, the licence. */
class PackagingSpec : FunSpec({
    test("each library jar names its JPMS module (Automatic-Module-Name)") {
        for ((type, module, _) in LIBRARY) {
            JarFile(jarOf(type).toFile()).use { jar -> jar.manifest.mainAttributes.getValue("Automatic-Module-Name") shouldBe module }
        }
    }

    test("each library jar has a sources jar beside it, with the sources (Java and Kotlin)") {
        for ((type, _, source) in LIBRARY) {
            val jar = jarOf(type)
            val sources = jar.resolveSibling(jar.fileName.toString().removeSuffix(".jar") + "-sources.jar")
            JarFile(sources.toFile()).use { it.getEntry(source)?.name } shouldBe source
        }
    }

    test("each library jar has a javadoc jar beside it whose page for the module's class carries that class's documentation") {
        val documented = mapOf(
            io.kalchemy.engine.Engine::class.java to "The source of",
            io.kalchemy.coroutines.Database::class.java to "blocking the calling thread until the database is closed",
            io.kalchemy.json.JsonType::class.java to "A JSON column",
        )
        for ((type, phrase) in documented) {
            val jar = jarOf(type)
            val javadoc = jar.resolveSibling(jar.fileName.toString().removeSuffix(".jar") + "-javadoc.jar")
            val page = type.name.replace('.', '/') + ".html"
            val text = JarFile(javadoc.toFile()).use { j ->
                // javadoc puts a named module's pages under the module's name; Dokka does not
                val entry = j.entries().asSequence().firstOrNull { it.name == page || it.name.endsWith("/$page") }
                withClue("$javadoc has no $page") { (entry != null) shouldBe true }
                j.getInputStream(entry!!).readAllBytes().decodeToString()
            }
            text shouldContain phrase
        }
    }

    test("the project is licensed Apache-2.0: the LICENSE file and the POM say so") {
        val root = generateSequence(Path.of("").toAbsolutePath()) { it.parent }.first { Files.exists(it.resolve("core-java")) }
        Files.readString(root.resolve("LICENSE")) shouldContain "Apache License"
        Files.readString(root.resolve("pom.xml")) shouldContain "<name>Apache-2.0</name>"
    }
})
