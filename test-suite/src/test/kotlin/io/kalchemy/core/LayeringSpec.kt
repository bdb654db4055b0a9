package io.kalchemy.core

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import java.io.File

/**
 * The layer rule of docs/DESIGN.md: each core-java package imports only the packages below it
 * (errors, types, sql, schema, dialect, engine, orm, inspect, migrate), and core-java has no Kotlin.
 */
class LayeringSpec : FunSpec({
    val layers = listOf("errors", "types", "sql", "schema", "dialect", "engine", "orm", "inspect", "migrate")
    val root = File("../core-java/src/main/java/io/kalchemy")

    test("core-java packages depend only on the layers below them") {
        val violations = mutableListOf<String>()
        root.walkTopDown().filter { it.isFile && it.extension == "java" }.forEach { file ->
            val pkg = file.parentFile.name
            val level = layers.indexOf(pkg)
            Regex("""import\s+(?:static\s+)?io\.kalchemy\.(\w+)\.""").findAll(file.readText()).forEach { m ->
                val target = layers.indexOf(m.groupValues[1])
                if (level < 0 || target < 0 || target > level) {
                    violations += "${file.name} ($pkg) imports io.kalchemy.${m.groupValues[1]}"
                }
            }
        }
        violations.shouldBeEmpty()
    }

    test("core-java contains no Kotlin") {
        File("../core-java/src").walkTopDown().filter { it.isFile && it.extension == "kt" }.toList().shouldBeEmpty()
        File("../core-java/pom.xml").readText().contains("kotlin") shouldBeEqual false
    }
})

private infix fun Boolean.shouldBeEqual(expected: Boolean) {
    if (this != expected) throw AssertionError("expected $expected but was $this")
}
