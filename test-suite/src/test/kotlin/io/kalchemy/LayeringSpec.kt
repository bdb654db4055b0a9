package io.kalchemy

import com.tngtech.archunit.core.domain.JavaClasses
import com.tngtech.archunit.core.importer.ClassFileImporter
import com.tngtech.archunit.core.importer.ImportOption
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.shouldBe
import java.io.File

/** The library's packages from the lowest layer up (docs/DESIGN.md); each may use only those before it. */
private val layers = listOf(
    "io.kalchemy.errors..", "io.kalchemy.types..", "io.kalchemy.sql..", "io.kalchemy.schema..", "io.kalchemy.dialect..",
    "io.kalchemy.engine..", "io.kalchemy.orm..", "io.kalchemy.inspect..", "io.kalchemy.migrate..",
    "io.kalchemy.kotlin..", "io.kalchemy.coroutines..", "io.kalchemy.json..",
)

/** The compiled classes of the three library modules (not the specs, examples or benchmarks). */
private val library: JavaClasses by lazy {
    ClassFileImporter().withImportOption(ImportOption.DoNotIncludeTests())
        .importPaths(listOf("../core-java/target/classes", "../coroutines-kt/target/classes", "../serialization-json/target/classes").map { File(it).toPath() })
}

/**
 * The layer rules of docs/DESIGN.md, checked on the compiled classes (every reference counts, not
 * only import lines): dependencies point down, packages form no cycle, the SQLite driver is used
 * only by the SQLite dialect, and core-java has no Kotlin.
 */
class LayeringSpec : FunSpec({
    test("the library's classes are all read (the rules below would pass on nothing)") {
        (library.size >= 200) shouldBe true
        layers.forEach { layer -> library.any { it.packageName.startsWith(layer.removeSuffix("..")) } shouldBe true }
    }

    for ((i, layer) in layers.withIndex()) {
        val above = layers.drop(i + 1)
        if (above.isEmpty()) continue
        test("$layer depends on no layer above it") {
            noClasses().that().resideInAPackage(layer)
                .should().dependOnClassesThat().resideInAnyPackage(*above.toTypedArray())
                .check(library)
        }
    }

    test("packages form no dependency cycle") {
        slices().matching("io.kalchemy.(**)").should().beFreeOfCycles().check(library)
    }

    test("only the SQLite dialect uses the SQLite driver") {
        noClasses().that().resideOutsideOfPackage("io.kalchemy.dialect.sqlite..")
            .should().dependOnClassesThat().resideInAPackage("org.sqlite..")
            .check(library)
    }

    test("only the PostgreSQL dialect uses the PostgreSQL driver, and only through the class that is loaded when a connection needs it") {
        noClasses().that().resideOutsideOfPackage("io.kalchemy.dialect.postgresql..")
            .should().dependOnClassesThat().resideInAPackage("org.postgresql..")
            .check(library)
        noClasses().that().resideInAPackage("io.kalchemy.dialect.postgresql..").and().doNotHaveSimpleName("Pgjdbc")
            .and().haveNameNotMatching(".*Pgjdbc\\$.*")
            .should().dependOnClassesThat().resideInAPackage("org.postgresql..")
            .check(library)
    }

    test("the public types of the library's packages have distinct names, so wildcard imports of several never clash") {
        val byName = library.filter { it.modifiers.contains(com.tngtech.archunit.core.domain.JavaModifier.PUBLIC) && it.isTopLevelClass }
            .groupBy { it.simpleName }
        byName.filterValues { classes -> classes.map { it.packageName }.distinct().size > 1 }
            .map { (name, classes) -> "$name: ${classes.map { it.name }}" }.shouldBeEmpty()
        (byName.size >= 100) shouldBe true
    }

    test("the examples (code written as a user would) use nothing marked @InternalApi, and the marked types are few") {
        val examples = ClassFileImporter().importPath(File("target/classes").toPath())
            .filter { it.packageName.startsWith("io.kalchemy.examples") }
        (examples.size >= 5) shouldBe true
        val internal = com.tngtech.archunit.core.domain.properties.CanBeAnnotated.Predicates.annotatedWith(io.kalchemy.InternalApi::class.java)
        for (example in examples) {
            example.accessesFromSelf.filter { internal.test(it.target) }.map { "${example.name} -> ${it.target.fullName}" }.shouldBeEmpty()
            example.directDependenciesFromSelf.filter { it.targetClass.isAnnotatedWith(io.kalchemy.InternalApi::class.java) }
                .map { "${example.name} -> ${it.targetClass.name}" }.shouldBeEmpty()
        }
        val marked = library.filter { it.isAnnotatedWith(io.kalchemy.InternalApi::class.java) }.map { it.simpleName }.toSet()
        marked shouldBe setOf("SingleWriter", "WriteTransaction", "CommitGroup", "ReadTransaction", "PooledTransaction")
    }

    test("core-java contains no Kotlin") {
        File("../core-java/src").walkTopDown().filter { it.isFile && it.extension == "kt" }.toList().shouldBeEmpty()
        File("../core-java/pom.xml").readText().contains("kotlin") shouldBe false
    }
})
