package io.kalchemy

import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.io.File
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/** The README's code blocks under [heading], in order. */
private fun readmeBlocks(heading: String): List<String> {
    val readme = Files.readString(Path.of("..", "README.md"))
    val section = readme.substring(readme.indexOf("## $heading\n")).let { s -> s.substring(0, s.indexOf("\n## ", 3).takeIf { it > 0 } ?: s.length) }
    return Regex("```(?:kotlin|java)\\n(.*?)```", RegexOption.DOT_MATCHES_ALL).findAll(section).map { it.groupValues[1] }.toList()
}

/** The source file as the README shows it: without its package line and the URL's import, with the README's URL for [urlName]. */
private fun shownAs(source: String, urlName: String, cut: String?): String {
    val text = Files.readString(Path.of("src/main", source)).replace("import io.kalchemy.examples.readme.README_URL\n", "")
    val body = text.substring(text.indexOf("import ")).let { if (cut == null) it else it.substring(0, it.indexOf(cut)) }
    return body.replace(urlName, "\"jdbc:sqlite:app.db\"").trimEnd() + "\n"
}

/**
 * Runs [mainClass] in a JVM of its own (its mapped `User` would clash with other specs' classes of
 * table `users` in this one) on a temporary database, in [workDir] (relative paths such as a
 * migrations folder land there, not in the checkout); returns what it printed.
 */
private fun runMain(mainClass: String, workDir: Path = Files.createTempDirectory("readme")): String {
    val java = ProcessHandle.current().info().command().orElse("java")
    val url = "jdbc:sqlite:" + workDir.resolve("app.db")
    val classPath = System.getProperty("java.class.path").split(File.pathSeparator)
        .joinToString(File.pathSeparator) { Path.of(it).toAbsolutePath().toString() }
    val process = ProcessBuilder(java, "-Dkalchemy.readme.url=$url", "-cp", classPath, mainClass)
        .directory(workDir.toFile()).redirectErrorStream(true).start()
    val out = process.inputStream.bufferedReader().readText()
    process.waitFor(60, TimeUnit.SECONDS) shouldBe true
    withClue(out) { process.exitValue() shouldBe 0 }
    return out
}

/**
 * The README's quick starts are complete files that the build compiles: each README block must be
 * exactly the compiled file (so it cannot rot), and each runs here on a temporary database.
 */
class ReadmeSpec : FunSpec({
    test("the Kotlin quick start in the README is the compiled QuickStart.kt, and it runs") {
        readmeBlocks("Quick start (Kotlin)").first() shouldBe
            shownAs("kotlin/io/kalchemy/examples/readme/QuickStart.kt", "README_URL", "/**\n * Where the README")
        val out = runMain("io.kalchemy.examples.readme.QuickStartKt")
        out shouldContain "page: [ann@example.com]"
        out shouldContain "ann@example.com Ann B."
        (out.contains("tmp@example.com")) shouldBe false // the savepoint's work was undone
    }

    test("the Java quick start in the README is the compiled QuickStartJava.java, and it prints the committed count") {
        readmeBlocks("Quick start (Java)").first() shouldBe
            shownAs("java/io/kalchemy/examples/readme/QuickStartJava.java", "QuickStartKt.README_URL", null)
        runMain("io.kalchemy.examples.readme.QuickStartJava") shouldContain "count=1"
    }

    test("the relationships example in the README is the compiled Relationships.kt, and it runs") {
        readmeBlocks("Relationships").first() shouldBe
            shownAs("kotlin/io/kalchemy/examples/readme/relationships/Relationships.kt", "README_URL", null)
        runMain("io.kalchemy.examples.readme.relationships.RelationshipsKt") shouldContain "Nice 1 SQLite in practice 1"
    }

    test("the JSON and DTO example in the README is the compiled JsonDtos.kt, and it runs") {
        readmeBlocks("JSON columns and DTOs (serialization-json)").first() shouldBe
            shownAs("kotlin/io/kalchemy/examples/readme/json/JsonDtos.kt", "README_URL", null)
        val out = runMain("io.kalchemy.examples.readme.json.JsonDtosKt")
        out shouldContain "dark=1 [UserResponse(id=1, email=ann@example.com, postCount=1, nickname=null)]"
        out shouldContain "streamed UserResponse(id=1, email=ann@example.com, postCount=1, nickname=null)"
        out shouldContain "UserSummary(id=1, email=ann@example.com, settings=Settings(theme=dark, notifications=true))"
    }

    test("the live query example in the README is the compiled LiveQueries.kt, and it streams each change") {
        readmeBlocks("Live queries").first() shouldBe
            shownAs("kotlin/io/kalchemy/examples/readme/live/LiveQueries.kt", "README_URL", null)
        runMain("io.kalchemy.examples.readme.live.LiveQueriesKt") shouldContain
            "data: {\"orders\":0,\"total\":0}\n\n" +
            "data: {\"orders\":1,\"total\":1200}\n\n" +
            "data: {\"orders\":3,\"total\":2500}\n\n"
    }

    test("the migrations example in the README is the compiled Migrations.kt; it runs, writes one revision, and runs again unchanged") {
        readmeBlocks("Existing databases and migrations").first() shouldBe
            shownAs("kotlin/io/kalchemy/examples/readme/migrations/Migrations.kt", "README_URL", null)
        val dir = Files.createTempDirectory("readme")
        val first = runMain("io.kalchemy.examples.readme.migrations.MigrationsKt", dir)
        first shouldContain "album: Let There Be Rock"
        first shouldContain "to do: add column artists.country"
        first shouldContain "artists: [id, name, country]"
        (first.contains("drop")) shouldBe false
        val revisions = Files.list(dir.resolve("migrations")).use { it.toList() }
        revisions.size shouldBe 1
        Files.readString(revisions[0]) shouldContain "ALTER TABLE artists ADD COLUMN country TEXT"
        val again = runMain("io.kalchemy.examples.readme.migrations.MigrationsKt", dir)
        (again.contains("to do:")) shouldBe false
        again shouldContain "artists: [id, name, country]"
        again shouldContain "of 1"
        Files.list(dir.resolve("migrations")).use { it.count() } shouldBe 1L
    }

    test("the Ktor section's excerpt is KtorService.kt's own lines, in order (KtorServiceSpec runs the service)") {
        val source = Files.readString(Path.of("src/main/kotlin/io/kalchemy/examples/ktor/KtorService.kt")).lines()
        var at = 0
        for (line in readmeBlocks("A Ktor service").first().lines().filter { it.isNotBlank() && it.trim() != "// ..." }) {
            val found = (at until source.size).firstOrNull { source[it] == line }
            withClue("README line not in KtorService.kt after line $at: $line") { (found != null) shouldBe true }
            at = found!! + 1
        }
    }

    test("the synchronous ORM and SQL core quick starts in the README are the compiled files, and they run") {
        readmeBlocks("Quick start (Java)")[1] shouldBe
            shownAs("java/io/kalchemy/examples/readme/QuickStartSync.java", "QuickStartKt.README_URL", null)
        runMain("io.kalchemy.examples.readme.QuickStartSync") shouldContain "users=1"
        readmeBlocks("Quick start (Java, SQL core)").first() shouldBe
            shownAs("java/io/kalchemy/examples/readme/QuickStartCore.java", "QuickStartKt.README_URL", null)
        val out = runMain("io.kalchemy.examples.readme.QuickStartCore")
        out shouldContain "Ann 2"
    }
})
