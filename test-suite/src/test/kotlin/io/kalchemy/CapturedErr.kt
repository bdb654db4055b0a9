package io.kalchemy

import java.io.ByteArrayOutputStream
import java.io.PrintStream

/**
 * What slf4j-simple (this suite's binding; `io.kalchemy.sql` at INFO, WARN for every other logger)
 * prints to System.err while [block] runs; [block] gets the capture so far, to wait for a line.
 */
suspend fun capturedErr(block: suspend (ByteArrayOutputStream) -> Unit): String {
    val original = System.err
    val captured = ByteArrayOutputStream()
    System.setErr(PrintStream(captured, true))
    try {
        block(captured)
    } finally {
        System.setErr(original)
    }
    return captured.toString()
}
