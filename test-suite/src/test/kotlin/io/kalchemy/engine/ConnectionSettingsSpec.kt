package io.kalchemy.engine

import io.kalchemy.coroutines.Database
import io.kalchemy.coroutines.Durability
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

/** Which setting a connection gets: one set in the options, else the URL's parameter, else Kalchemy's default. */
class ConnectionSettingsSpec : FunSpec({
    fun pragmas(engine: Engine): Triple<Long, Long, Long> = engine.connect().use { c ->
        Triple(
            c.executeDriverSql("PRAGMA busy_timeout").scalar<Long>()!!,
            c.executeDriverSql("PRAGMA synchronous").scalar<Long>()!!,
            c.executeDriverSql("PRAGMA foreign_keys").scalar<Long>()!!,
        )
    }

    test("the URL's parameters win over defaults; options set explicitly win over the URL (core Engine)") {
        val file = tempDbFile()
        Engine.create("jdbc:sqlite:$file", EngineOptions()).use { pragmas(it) shouldBe Triple(5000L, 1L, 1L) }
        Engine.create("jdbc:sqlite:$file?busy_timeout=30000&synchronous=FULL&foreign_keys=false", EngineOptions()).use {
            pragmas(it) shouldBe Triple(30000L, 2L, 0L)
            it.busyTimeoutMillis() shouldBe 30000
        }
        Engine.create(
            "jdbc:sqlite:$file?busy_timeout=30000&synchronous=FULL",
            EngineOptions().busyTimeoutMillis(1000).pragma("synchronous", "OFF"),
        ).use {
            pragmas(it) shouldBe Triple(1000L, 0L, 1L)
            it.busyTimeoutMillis() shouldBe 1000
        }
    }

    test("read-only and durable commits are the dialect's settings; read-only cannot be overridden, durable wins over the URL") {
        val file = tempDbFile()
        fun queryOnly(engine: Engine) = engine.connect().use { it.executeDriverSql("PRAGMA query_only").scalar<Long>()!! }
        Engine.create("jdbc:sqlite:$file", EngineOptions().readOnly(true).pragma("query_only", "OFF")).use { queryOnly(it) shouldBe 1L }
        Engine.create("jdbc:sqlite:$file", EngineOptions()).use { queryOnly(it) shouldBe 0L }
        Engine.create("jdbc:sqlite:$file?synchronous=OFF", EngineOptions().durableCommits(true)).use { pragmas(it) shouldBe Triple(5000L, 2L, 1L) }
        Engine.create("jdbc:sqlite:$file?synchronous=OFF", EngineOptions().durableCommits(true).pragma("synchronous", "NORMAL")).use {
            pragmas(it) shouldBe Triple(5000L, 1L, 1L)
        }
        Engine.create("jdbc:sqlite:$file", EngineOptions().pragma("foreign_keys", null)).use { pragmas(it) shouldBe Triple(5000L, 1L, 0L) }
    }

    test("the same rule in Database.open, and durability = POWER_LOSS means synchronous=FULL") {
        val file = tempDbFile()
        suspend fun of(url: String, configure: io.kalchemy.coroutines.DatabaseConfig.() -> Unit = {}): Triple<Long, Long, Long> {
            val db = Database.open(url, configure)
            try {
                return db.outsideTransaction { c ->
                    Triple(
                        c.executeDriverSql("PRAGMA busy_timeout").scalar<Long>()!!,
                        c.executeDriverSql("PRAGMA synchronous").scalar<Long>()!!,
                        c.executeDriverSql("PRAGMA foreign_keys").scalar<Long>()!!,
                    )
                }
            } finally {
                db.shutdown()
            }
        }
        of("jdbc:sqlite:$file") shouldBe Triple(5000L, 1L, 1L)
        of("jdbc:sqlite:$file?busy_timeout=30000") shouldBe Triple(30000L, 1L, 1L)
        of("jdbc:sqlite:$file?busy_timeout=30000") { busyTimeoutMillis = 250 } shouldBe Triple(250L, 1L, 1L)
        of("jdbc:sqlite:$file") { durability = Durability.POWER_LOSS } shouldBe Triple(5000L, 2L, 1L)
        of("jdbc:sqlite:$file?synchronous=OFF") { durability = Durability.POWER_LOSS } shouldBe Triple(5000L, 2L, 1L)
    }
})
