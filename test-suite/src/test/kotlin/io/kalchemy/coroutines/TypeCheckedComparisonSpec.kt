package io.kalchemy.coroutines

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.io.ByteArrayOutputStream
import java.io.PrintStream
import java.nio.file.Files
import org.jetbrains.kotlin.cli.common.ExitCode
import org.jetbrains.kotlin.cli.jvm.K2JVMCompiler

/** Compiles [source] against this JVM's classpath; returns the exit code and the compiler's messages. */
private fun compile(source: String): Pair<ExitCode, String> {
    val dir = Files.createTempDirectory("typed-eq")
    val file = dir.resolve("Snippet.kt")
    Files.writeString(file, source)
    val messages = ByteArrayOutputStream()
    val code = K2JVMCompiler().exec(
        PrintStream(messages, true),
        file.toString(), "-d", dir.resolve("out").toString(), "-classpath", System.getProperty("java.class.path"),
        "-no-stdlib", "-no-reflect", "-jvm-target", "17",
    )
    return code to messages.toString()
}

private const val HEADER = """
import io.kalchemy.coroutines.*
import io.kalchemy.orm.*

@Entity("snippet_users")
class SnippetUser(var email: String, var age: Int?) { @Id var id: Long? = null }
"""

/** Comparisons on property references are type-checked by the compiler: a value of another type does not compile. */
class TypeCheckedComparisonSpec : FunSpec({
    test("same-typed comparisons compile; User::email eq 42, ne 42 and inList of Ints do not") {
        val (ok, okMessages) = compile(
            HEADER + """
            fun fine() = listOf(SnippetUser::email eq "a@b.c", SnippetUser::age eq 3, SnippetUser::age eq null,
                SnippetUser::age ne 4, SnippetUser::email inList listOf("x"), SnippetUser::id notInList listOf(1L))
            """,
        )
        withClue(okMessages) { ok shouldBe ExitCode.OK }
        for (bad in listOf("SnippetUser::email eq 42", "SnippetUser::email ne 42", "SnippetUser::email inList listOf(1, 2)")) {
            val (code, messages) = compile(HEADER + "fun wrong() = $bad\n")
            withClue(bad) { code shouldBe ExitCode.COMPILATION_ERROR }
            messages shouldContain "mentioned in input types"
        }
    }
})

private inline fun <T> withClue(clue: String, block: () -> T): T = io.kotest.assertions.withClue(clue, block)
