package io.kalchemy.examples.readme.migrations

import io.kalchemy.engine.Engine
import io.kalchemy.examples.readme.README_URL
import io.kalchemy.inspect.Automap
import io.kalchemy.inspect.Inspector
import io.kalchemy.migrate.Migrator
import io.kalchemy.migrate.SchemaDiff
import io.kalchemy.orm.Entity
import io.kalchemy.orm.Id
import io.kalchemy.orm.References
import io.kalchemy.orm.Registry
import java.nio.file.Path

// The classes as the code wants them now: an artist has gained a country.
@Entity("artists")
class Artist(var name: String) {
    @Id var id: Long? = null
    var country: String? = null
}

@Entity("albums")
class Album(var title: String, @References(Artist::class) var artistId: Long) {
    @Id var id: Long? = null
}

fun main() {
    Engine.create(README_URL).use { engine ->
        // A database an earlier version of the application made without migrations.
        engine.inTransaction { c ->
            c.executeScript(
                """
                CREATE TABLE IF NOT EXISTS artists (id INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS albums (id INTEGER NOT NULL PRIMARY KEY, title TEXT NOT NULL,
                    artist_id INTEGER NOT NULL REFERENCES artists (id));
                INSERT INTO artists (name) SELECT 'AC/DC' WHERE NOT EXISTS (SELECT 1 FROM artists);
                INSERT INTO albums (title, artist_id) SELECT 'Let There Be Rock', 1 WHERE NOT EXISTS (SELECT 1 FROM albums);
                """,
            )
        }

        // Reading it without classes: reflected tables, and rows through automap.
        engine.connect().use { c ->
            val md = Inspector(c).reflectAll()              // ordinary Tables: keys, FKs, indexes, CHECKs
            println("tables: " + md.tables().map { it.name() })
            val auto = Automap.reflect(c)
            val acdc = auto.query("artists", auto.table("artists").column<String>("name").eq("AC/DC"))
            auto.loadChildren(acdc, "albums")               // one query for all rows; nothing loads lazily
            acdc[0].children("albums").forEach { println("album: " + it.get("title")) }
        }

        // Migrations: autogenerate compares the mapped tables with the database. Like Alembic, it
        // also drops tables the metadata does not map, so map every table you keep and read the
        // revision file before you apply it.
        val registry = Registry()
        registry.tables(Artist::class.java, Album::class.java)
        val migrator = Migrator(engine, Path.of("migrations"))
        migrator.upgrade("head")                            // revisions written before (none on the first run)
        val changes = engine.connect().use { c -> SchemaDiff.compare(registry.metadata(), c) }
        changes.forEach { println("to do: " + it.description()) }
        if (changes.isNotEmpty()) {
            val r = migrator.revision("artists have a country", registry.metadata())
            println("wrote " + r.file())
        }
        migrator.upgrade("head")                            // one transaction per revision
        migrator.downgrade(1)                               // and back: the column goes, the rows stay
        migrator.upgrade("head")
        engine.connect().use { c ->
            val artists = Inspector(c).reflectAll().tables().first { it.name() == "artists" }
            println("artists: " + artists.columns().map { it.name() })
        }
        println("at revision " + migrator.current() + " of " + migrator.history().size)
    }
}
