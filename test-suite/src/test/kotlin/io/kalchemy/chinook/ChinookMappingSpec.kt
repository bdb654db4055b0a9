package io.kalchemy.chinook

import io.kalchemy.engine.Engine
import io.kalchemy.orm.LoadOption
import io.kalchemy.orm.Registry
import io.kalchemy.orm.SessionFactory
import io.kalchemy.orm.SessionOptions
import io.kalchemy.orm.StatementLog
import io.kalchemy.engine.EngineOptions
import io.kalchemy.sql.Sql.select
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import java.math.BigDecimal
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardCopyOption
import java.time.LocalDateTime

/** A writable copy of the Chinook database kept as test data (`src/test/resources/chinook`, MIT licence beside it). */
fun chinookCopy(): Path {
    val copy = Files.createTempDirectory("chinook").resolve("chinook.sqlite")
    val source = ChinookMappingSpec::class.java.getResourceAsStream("/chinook/chinook.sqlite")
        ?: error("the Chinook test database is missing from the test classpath (test-suite/src/test/resources/chinook)")
    source.use { Files.copy(it, copy, StandardCopyOption.REPLACE_EXISTING) }
    return copy
}

/** The Chinook database mapped with hand-written classes: composite key, self-reference, many-to-many, known counts. */
class ChinookMappingSpec : FunSpec({
    val log = StatementLog()
    val engine = Engine.create("jdbc:sqlite:" + chinookCopy(), EngineOptions().listener(log))
    val registry = Registry()
    registry.mapper(PlaylistTrack::class.java) // the association table is also an entity: map it first
    val sessions = SessionFactory(engine, SessionOptions().registry(registry))
    val artists = registry.mapper(Artist::class.java)
    afterSpec { engine.close() }

    test("an artist's albums and tracks load with two selectin queries and match the known counts") {
        sessions.open().use { s ->
            log.clear()
            val acdc = s.scalars<Artist>(select(artists).where(artists.column<String>("name").eq("AC/DC"))
                .options(LoadOption.selectin(Artist::class.java, "albums").selectin("tracks"))).one()
            acdc.albums.map { it.title } shouldContainExactly listOf("For Those About To Rock We Salute You", "Let There Be Rock")
            acdc.albums.sumOf { it.tracks.size } shouldBe 18
            log.statements.count { it.startsWith("SELECT") } shouldBe 3
            acdc.albums[0].tracks[0].unitPrice shouldBe BigDecimal("0.99")
            acdc.albums[0].tracks[0].album!!.artist shouldBe acdc
            val maiden = s.get(Artist::class.java, 90L)!!
            s.load(maiden, "albums")
            maiden.albums.size shouldBe 21
        }
    }

    test("PlaylistTrack's composite key: get by both parts") {
        sessions.open().use { s ->
            val pair = s.execute(select(registry.mapper(PlaylistTrack::class.java)).limit(1)).scalarOne<PlaylistTrack>()
            s.get(PlaylistTrack::class.java, listOf(pair.playlistId, pair.trackId)) shouldBe pair
            s.get(PlaylistTrack::class.java, listOf(pair.playlistId, -1L)) shouldBe null
        }
    }

    test("Employee.ReportsTo: a self-referencing hierarchy") {
        sessions.open().use { s ->
            val nancy = s.get(ChinookEmployee::class.java, 2L)!!
            nancy.manager!!.firstName shouldBe "Andrew"
            nancy.hireDate shouldBe LocalDateTime.of(2002, 5, 1, 0, 0)
            val employees = registry.mapper(ChinookEmployee::class.java)
            val andrew = s.scalars<ChinookEmployee>(select(employees).where(employees.column<Long>("reportsTo").isNull())
                .options(LoadOption.selectin(ChinookEmployee::class.java, "reports").selectin("reports"))).one()
            andrew.reports.map { it.firstName } shouldContainExactly listOf("Nancy", "Michael")
            andrew.reports.flatMap { it.reports }.map { it.firstName } shouldContainExactly listOf("Jane", "Margaret", "Steve", "Robert", "Laura")
        }
    }

    test("Playlist <-> Track through PlaylistTrack, both directions") {
        sessions.open().use { s ->
            val playlists = registry.mapper(Playlist::class.java)
            val lists = s.scalars<Playlist>(select(playlists).where(playlists.column<Long>("id").`in`(listOf(1L, 11L)))
                .orderBy(playlists.column<Long>("id")).options(LoadOption.selectin(Playlist::class.java, "tracks"))).all()
            lists.map { it.tracks.size } shouldContainExactly listOf(3290, 39)
            val track = lists[1].tracks[0]
            s.load(track, "playlists")
            track.playlists.map { it.id } shouldNotBe emptyList<Long>()
            track.playlists.any { it === lists[1] } shouldBe true
        }
    }
})
