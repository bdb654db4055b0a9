package io.kalchemy.coroutines

import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers
import java.lang.reflect.Method

/**
 * `Dispatchers.IO.limitedParallelism(parallelism)`, linked so that it runs on kotlinx-coroutines
 * 1.8 as well as on the version Kalchemy is built with.
 *
 * Source compiled against 1.9+ calls `limitedParallelism(Int, String?)` (through its `$default`
 * bridge), which 1.8 does not have: a consumer pinned to 1.8 failed with `NoSuchMethodError`.
 * The one-argument method exists in both (in 1.9+ as a hidden binary-compatibility method that
 * Kotlin source cannot name), so it is looked up once by reflection; it is called only when a
 * [Database] opens, never per statement. Any thread may call it.
 */
internal fun limitedIoDispatcher(parallelism: Int): CoroutineDispatcher =
    LIMITED_PARALLELISM.invoke(Dispatchers.IO, parallelism) as CoroutineDispatcher

private val LIMITED_PARALLELISM: Method =
    CoroutineDispatcher::class.java.getMethod("limitedParallelism", Int::class.javaPrimitiveType)
