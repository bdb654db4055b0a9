package io.kalchemy.coroutines

import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers
import java.lang.reflect.Method
import kotlin.coroutines.CoroutineContext

/**
 * `Dispatchers.IO.limitedParallelism(parallelism)` that also knows whether the current thread
 * is running one of its tasks ([runsOnCurrentThread]): the blocking [Database.close] asks it,
 * because blocking a thread of the writer's dispatcher while waiting for the writer could never
 * end.
 *
 * The limited view is linked so that it runs on kotlinx-coroutines 1.8 as well as on the version
 * Kalchemy is built with: source compiled against 1.9+ calls `limitedParallelism(Int, String?)`
 * (through its `$default` bridge), which 1.8 lacks (a consumer pinned to 1.8 failed with
 * `NoSuchMethodError`). The one-argument method exists in both (in 1.9+ as a hidden
 * binary-compatibility method that Kotlin source cannot name), so it is looked up once by
 * reflection and called when a [Database] opens, never per statement. Thread-safe.
 */
internal class LimitedDispatcher(parallelism: Int, private val name: String) : CoroutineDispatcher() {
    private val delegate = LIMITED_PARALLELISM.invoke(Dispatchers.IO, parallelism) as CoroutineDispatcher

    override fun isDispatchNeeded(context: CoroutineContext): Boolean = delegate.isDispatchNeeded(context)

    override fun dispatch(context: CoroutineContext, block: Runnable) {
        delegate.dispatch(context, Task(this, block))
    }

    /** True while the calling thread runs a task of this dispatcher. */
    fun runsOnCurrentThread(): Boolean = RUNNING.get() === this

    override fun toString(): String = name

    private class Task(private val owner: LimitedDispatcher, private val block: Runnable) : Runnable {
        override fun run() {
            val outer = RUNNING.get()
            RUNNING.set(owner)
            try {
                block.run()
            } finally {
                RUNNING.set(outer)
            }
        }
    }

    private companion object {
        val LIMITED_PARALLELISM: Method =
            CoroutineDispatcher::class.java.getMethod("limitedParallelism", Int::class.javaPrimitiveType)

        /** The dispatcher whose task the thread runs now, if any. */
        val RUNNING = ThreadLocal<LimitedDispatcher?>()
    }
}
