package io.kalchemy

import io.kalchemy.examples.CoreExample
import io.kalchemy.examples.runServiceExample
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.io.ByteArrayOutputStream
import java.io.PrintStream
import java.nio.file.Files

/** The README's examples run end to end, so they cannot rot. */
class ExamplesSpec : FunSpec({
    // the same example, unchanged but for its URL, on a SQLite file and on PostgreSQL
    val urls = listOf(
        "a SQLite file" to { "jdbc:sqlite:" + Files.createTempDirectory("kalchemy-example").resolve("service.db") },
        "PostgreSQL" to { io.kalchemy.engine.EmbeddedPostgresServer.freshDatabaseUrl() },
    )
    for ((where, url) in urls) test("the service example on $where: users, posts, pages, counts, a Flow of users, transfers with the total conserved") {
        val lines = mutableListOf<String>()
        val summary = runServiceExample(url()) { lines += it }
        summary.users shouldBe 50L
        summary.posts shouldBe (0 until 50).sumOf { it % 4 }.toLong()
        summary.pageNames shouldContainExactly (11..20).map { "User %02d".format(it) }
        summary.streamed shouldBe 50
        summary.totalCents shouldBe 50 * 10_000L
        lines.joinToString("\n") shouldContain "admins: user1@example.com"
    }

    test("the Core example prints its join and counts") {
        val out = ByteArrayOutputStream()
        val original = System.out
        System.setOut(PrintStream(out, true))
        try {
            CoreExample.main(arrayOf(Files.createTempDirectory("kalchemy-example").resolve("core.db").toString()))
        } finally {
            System.setOut(original)
        }
        out.toString() shouldContain "Alice  2"
        out.toString() shouldContain "Bob    Why WAL matters"
    }
})
