package io.kalchemy.coroutines

import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import org.slf4j.LoggerFactory
import java.util.concurrent.atomic.AtomicBoolean

/**
 * Writer-wait diagnostics ([DatabaseConfig.writerWaitWarnMillis]): while write transactions wait
 * for the writer, checks a few times per threshold whether the writer has been held longer than
 * the threshold and, once per holding, logs at WARN on `io.kalchemy.writer` who holds it (what,
 * its coroutine, how long, where it began when [DatabaseConfig.traceWriterOrigins] is on).
 *
 * It runs only while someone waits: the first waiter starts it ([waiterArrived]) and it stops when
 * a check finds nobody waiting, so an idle or uncontended database has no timer. It runs on
 * [scope] (Dispatchers.Default), not on the writer's dispatcher, because a holder that runs a
 * long statement keeps that one thread busy. [waiterArrived] may be called from any thread.
 */
internal class WriterWatchdog(
    private val url: String,
    warnMillis: Long,
    private val writer: WriterLock,
    /** Write transactions between their call and taking the writer. */
    private val waiting: () -> Int,
    private val scope: CoroutineScope,
) {
    private val warnNanos = warnMillis * 1_000_000
    private val tickMillis = (warnMillis / 4).coerceAtLeast(5)
    private val running = AtomicBoolean()

    /** The holding already reported ([WriterLock.heldSinceNanos]), so one holding is reported once. */
    @Volatile
    private var reported = 0L

    fun waiterArrived() {
        if (!running.get() && running.compareAndSet(false, true)) scope.launch { watch() }
    }

    private suspend fun watch() {
        while (true) {
            delay(tickMillis)
            check()
            if (waiting() == 0) {
                running.set(false)
                // a waiter that came between the count and the reset may have seen running = true
                if (waiting() == 0 || !running.compareAndSet(false, true)) return
            }
        }
    }

    private fun check() {
        val since = writer.heldSinceNanos()
        if (since == 0L || since == reported || System.nanoTime() - since < warnNanos) return
        val waiters = waiting()
        if (waiters == 0) return
        reported = since
        LOG.warn(
            "{} write transaction(s) waiting for the writer of {}: it is held by {}",
            waiters, url, writer.describeHolder(),
        )
    }

    companion object {
        private val LOG = LoggerFactory.getLogger("io.kalchemy.writer")
        private val WALKER: StackWalker = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
        private val FACADE = WriterWatchdog::class.java.protectionDomain?.codeSource?.location

        /**
         * Where the calling transaction begins: the first frame of the current stack outside this
         * module and the Kotlin, kotlinx and JDK libraries, as `Class.method(File:line)`; null when
         * there is none. Walks the stack, so it is called only with [DatabaseConfig.traceWriterOrigins].
         */
        fun callerOrigin(): String? = WALKER.walk { frames ->
            frames.filter { f ->
                val name = f.className
                !name.startsWith("kotlin.") && !name.startsWith("kotlinx.") && !name.startsWith("java.") &&
                    f.declaringClass.protectionDomain?.codeSource?.location != FACADE
            }.findFirst().map { "${it.className}.${it.methodName}(${it.fileName}:${it.lineNumber})" }.orElse(null)
        }
    }
}
