package io.kalchemy.inspect

import io.kalchemy.chinook.chinookCopy
import io.kalchemy.engine.Engine
import io.kalchemy.engine.EngineOptions
import io.kalchemy.errors.ArgumentError
import io.kalchemy.errors.IntegrityError
import io.kalchemy.errors.UnloadedRelationshipError
import io.kalchemy.dialect.sqlite.ReflectedType
import io.kalchemy.migrate.SchemaDiff
import io.kalchemy.orm.StatementLog
import io.kalchemy.schema.MetaData
import io.kalchemy.schema.ReferentialAction
import io.kalchemy.sql.Sql.count
import io.kalchemy.sql.Sql.insert
import io.kalchemy.sql.Sql.select
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import java.math.BigDecimal
import java.nio.file.Files

/** Reflection of an existing schema (Chinook, plus tables this spec creates) and automap over it. */
class ChinookReflectionSpec : FunSpec({
    val log = StatementLog()
    val engine = Engine.create("jdbc:sqlite:" + chinookCopy(), EngineOptions().listener(log))
    afterSpec { engine.close() }

    test("every Chinook table is reflected with its keys, foreign keys and declared types") {
        engine.connect().use { c ->
            val inspector = Inspector(c)
            inspector.tableNames() shouldContainExactly listOf(
                "Album", "Artist", "Customer", "Employee", "Genre", "Invoice", "InvoiceLine",
                "MediaType", "Playlist", "PlaylistTrack", "Track",
            )
            val md = inspector.reflectAll()
            md.tables() shouldHaveSize 11

            val pt = md.get("PlaylistTrack")
            pt.primaryKey().map { it.name() } shouldContainExactly listOf("PlaylistId", "TrackId")
            pt.foreignKeys().map { it.referencedTable().name() }.toSet() shouldBe setOf("Playlist", "Track")

            val employee = md.get("Employee")
            val reportsTo = employee.foreignKeys().single()
            reportsTo.columns().single().name() shouldBe "ReportsTo"
            reportsTo.referencedTable() shouldBe employee
            reportsTo.referencedColumns().single().name() shouldBe "EmployeeId"
            employee.column<Any>("ReportsTo").isNullable shouldBe true

            val album = md.get("Album")
            val fk = album.foreignKeys().single()
            fk.referencedTable() shouldBe md.get("Artist")
            fk.columns().single().name() shouldBe "ArtistId"
            album.column<Any>("Title").isNullable shouldBe false

            val price = md.get("Track").column<Any>("UnitPrice").type()
            price.shouldBeInstanceOf<ReflectedType<*>>()
            price.declared() shouldBe "NUMERIC(10,2)"
            price.affinity() shouldBe ReflectedType.Affinity.NUMERIC
            price.javaType() shouldBe BigDecimal::class.java
            val name = md.get("Track").column<Any>("Name").type() as ReflectedType<*>
            name.declared() shouldBe "NVARCHAR(200)"
            name.affinity() shouldBe ReflectedType.Affinity.TEXT
            (md.get("Track").column<Any>("Milliseconds").type() as ReflectedType<*>).affinity() shouldBe ReflectedType.Affinity.INTEGER
            // the indexes Chinook declares on foreign key columns come back too
            md.get("Track").indexes().flatMap { idx -> idx.columns().map { it.name() } }.toSet() shouldBe
                setOf("AlbumId", "GenreId", "MediaTypeId")
        }
    }

    test("autogenerate sees no difference between Chinook and its own reflection, and one where a column was added") {
        engine.connect().use { c ->
            val md = Inspector(c).reflectAll()
            SchemaDiff.compare(md, c) shouldBe emptyList()
            md.get("Genre").column("Description", io.kalchemy.types.SqlTypes.TEXT)
            SchemaDiff.compare(md, c).map { it.description() } shouldContainExactly listOf("add column Genre.Description")
            c.rollback()
        }
    }

    test("SQLite's affinity rules decide the type of unusual declarations") {
        ReflectedType.affinityOf("BIGINT") shouldBe ReflectedType.Affinity.INTEGER
        ReflectedType.affinityOf("CHARACTER(20)") shouldBe ReflectedType.Affinity.TEXT
        ReflectedType.affinityOf("CLOB") shouldBe ReflectedType.Affinity.TEXT
        ReflectedType.affinityOf("") shouldBe ReflectedType.Affinity.BLOB
        ReflectedType.affinityOf("DOUBLE PRECISION") shouldBe ReflectedType.Affinity.REAL
        ReflectedType.affinityOf("FLOATING POINT") shouldBe ReflectedType.Affinity.INTEGER // "INT" wins, as in SQLite
        ReflectedType.affinityOf("DECIMAL(10,5)") shouldBe ReflectedType.Affinity.NUMERIC
        ReflectedType.affinityOf("STRING") shouldBe ReflectedType.Affinity.NUMERIC
    }

    test("reflected tables work in select() with joins, and values read back with the right Java types") {
        engine.connect().use { c ->
            val md = Inspector(c).reflectAll()
            val artist = md.get("Artist")
            val album = md.get("Album")
            val track = md.get("Track")
            val artistName = artist.column<Any>("Name")
            val q = select(album.column<Any>("Title"), track.column<Any>("Name"), track.column<Any>("UnitPrice"))
                .from(artist).join(album).join(track)
                .where(artistName.eq("AC/DC"))
                .orderBy(track.column<Any>("TrackId"))
            val rows = c.execute(q).all()
            rows shouldHaveSize 18
            rows[0].get(0) shouldBe "For Those About To Rock We Salute You"
            rows[0].get(1) shouldBe "For Those About To Rock (We Salute You)"
            rows[0].get(2) shouldBe BigDecimal("0.99")
            c.scalar<Long>(select(count()).from(md.get("Invoice"))) shouldBe 412L
        }
    }

    test("CHECK constraints, legacy quoting, defaults and actions are reflected and survive a round trip into another database") {
        engine.connect().use { c ->
            c.executeDriverSql(
                "CREATE TABLE [Order Item] (`id` INTEGER PRIMARY KEY, \"qty\" INT NOT NULL DEFAULT 1 CHECK (qty > 0), " +
                    "note TEXT CHECK (note <> 'CHECK (x)'), track_id INTEGER REFERENCES Track(TrackId) ON DELETE CASCADE, " +
                    "CONSTRAINT pair UNIQUE (qty, note))"
            )
            c.executeDriverSql("CREATE VIEW album_sizes AS SELECT AlbumId, count(*) AS tracks FROM Track GROUP BY AlbumId")
            c.commit()

            val inspector = Inspector(c)
            val md = MetaData()
            val (track, item) = inspector.reflect(md, listOf("Track", "Order Item"))
            item.name() shouldBe "Order Item"
            item.columns().map { it.name() } shouldContainExactly listOf("id", "qty", "note", "track_id")
            item.column<Any>("qty").serverDefault() shouldBe "1"
            item.checks() shouldHaveSize 2
            item.uniqueConstraints().single().columns().map { it.name() } shouldContainExactly listOf("qty", "note")
            val fk = item.foreignKeys().single()
            fk.referencedTable() shouldBe track
            fk.onDelete() shouldBe ReferentialAction.CASCADE

            inspector.viewNames() shouldContainExactly listOf("album_sizes")
            val view = inspector.reflectView("album_sizes")
            c.scalar<Long>(select(view.column<Any>("tracks")).where(view.column<Any>("AlbumId").eq(1L))) shouldBe 10L
            shouldThrow<ArgumentError> { inspector.reflectView("nope") }.message shouldContain "album_sizes"
            shouldThrow<ArgumentError> { inspector.reflect(MetaData(), listOf("Nope")) }.message shouldContain "PlaylistTrack"

            // the reflected definitions recreate an equivalent table that enforces the same CHECKs
            val other = Files.createTempDirectory("reflected").resolve("copy.sqlite")
            Engine.create("jdbc:sqlite:$other").use { copyEngine ->
                copyEngine.createAll(md)
                copyEngine.connect().use { cc ->
                    cc.execute(insert(item).value(item.column<Any>("note"), "fine"))
                    cc.commit()
                    cc.scalar<Long>(select(item.column<Any>("qty"))) shouldBe 1L
                    shouldThrow<IntegrityError> { cc.execute(insert(item).value(item.column<Any>("qty"), 0L)) }
                    shouldThrow<IntegrityError> { cc.execute(insert(item).value(item.column<Any>("note"), "CHECK (x)")) }
                    cc.rollback()
                    cc.scalar<Long>(select(count()).from(item)) shouldBe 1L
                }
            }
            c.executeDriverSql("DROP VIEW album_sizes")
            c.executeDriverSql("DROP TABLE [Order Item]")
            c.commit()
        }
    }

    test("automap: rows, children and parents load explicitly, one query per relation") {
        engine.connect().use { c ->
            val auto = Automap.reflect(c)
            val artists = auto.query("Artist", auto.table("Artist").column<Any>("Name").eq("AC/DC"))
            artists shouldHaveSize 1
            val acdc = artists.single()
            acdc.get("ArtistId") shouldBe 1L
            shouldThrow<UnloadedRelationshipError> { acdc.children("Album") }.message shouldContain "loadChildren"

            val albums = auto.loadChildren(artists, "Album")
            acdc.children("Album").map { it.get("Title") } shouldContainExactly listOf("For Those About To Rock We Salute You", "Let There Be Rock")
            val tracks = auto.loadChildren(albums, "Track")
            tracks shouldHaveSize 18
            acdc.children("Album").sumOf { it.children("Track").size } shouldBe 18

            val parents = auto.loadParents(tracks, "Genre")
            parents.map { it.get("Name") }.toSet() shouldBe setOf("Rock")
            tracks.first().parent("Genre").get("Name") shouldBe "Rock"
            shouldThrow<UnloadedRelationshipError> { tracks.first().parent("MediaType") }
            shouldThrow<ArgumentError> { acdc.get("Nope") }.message shouldContain "ArtistId"

            // the whole catalogue: every artist's albums with one query, counts match SQL
            val everyone = auto.query("Artist", null)
            everyone shouldHaveSize 275
            log.clear()
            auto.loadChildren(everyone, "Album")
            log.count("SELECT") shouldBe 1
            everyone.single { it.get("ArtistId") == 90L }.children("Album") shouldHaveSize 21
            everyone.sumOf { it.children("Album").size } shouldBe 347

            // self reference: employees and their managers
            val employees = auto.query("Employee", null)
            auto.loadParents(employees, "Employee")
            employees.filter { it.parent("Employee") == null }.map { it.get("FirstName") } shouldContainExactly listOf("Andrew")
            employees.filter { it.parent("Employee")?.get("EmployeeId") == 2L }.map { it.get("FirstName") }.toSet() shouldBe
                setOf("Jane", "Margaret", "Steve")
            shouldThrow<ArgumentError> { auto.loadChildren(artists, "Genre") }.message shouldContain "no foreign key from Genre to Artist"

            // many-to-many through the association table: playlist 11 has 39 tracks
            val playlist = auto.query("Playlist", auto.table("Playlist").column<Any>("PlaylistId").eq(11L))
            val links = auto.loadChildren(playlist, "PlaylistTrack")
            links shouldHaveSize 39
            auto.loadParents(links, "Track") shouldHaveSize 39
            playlist.single().children("PlaylistTrack").map { it.parent("Track").get("Name") }.toSet() shouldHaveSize 39
        }
    }
})
