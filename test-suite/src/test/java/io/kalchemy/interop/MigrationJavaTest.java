package io.kalchemy.interop;

import io.kalchemy.coroutines.Database;
import io.kalchemy.engine.Connection;
import io.kalchemy.engine.Engine;
import io.kalchemy.migrate.Migrator;
import io.kalchemy.migrate.Revision;
import io.kalchemy.schema.MetaData;
import io.kalchemy.schema.Table;
import io.kalchemy.types.SqlTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Migrations from Java: autogenerate from metadata, a revision written as a lambda, upgrade and downgrade. */
class MigrationJavaTest {
    @TempDir
    Path dir;

    @Test
    void javaUserMigratesUpAndDown() {
        MetaData md = new MetaData();
        Table items = md.table("items");
        items.column("id", SqlTypes.LONG).primaryKey();
        items.column("label", SqlTypes.TEXT).notNull();

        try (Engine engine = Engine.create("jdbc:sqlite:" + dir.resolve("java.db"))) {
            Revision created = new Migrator(engine, dir.resolve("versions")).revision("create items", md);
            Revision seed = Revision.code("seed", created.id(), "seed items",
                    c -> c.executeDriverSql("INSERT INTO items (label) VALUES ('a'), ('b')"),
                    c -> c.executeDriverSql("DELETE FROM items"));
            Migrator migrator = new Migrator(engine, dir.resolve("versions"), List.of(seed));

            assertEquals(List.of(created.id(), "seed"), migrator.upgrade("head"));
            assertEquals("seed", migrator.current());
            try (Connection c = engine.connect()) {
                assertEquals(2L, (Long) c.executeDriverSql("SELECT count(*) FROM items").scalar());
            }
            assertEquals(List.of("seed", created.id()), migrator.downgrade("base"));
            assertNull(migrator.current());
            try (Connection c = engine.connect()) {
                assertEquals(false, c.hasTable("items"));
            }
        }
    }

    @Test
    void javaUserMigratesAnInMemoryDatabaseThroughFutures() throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("mem"));
        java.nio.file.Files.writeString(dir.resolve("mem").resolve("a1.sql"),
                "-- revision: a1\n-- parent: none\n-- upgrade\nCREATE TABLE items (id INTEGER PRIMARY KEY, label TEXT);\n"
                        + "INSERT INTO items (label) VALUES ('x');\n-- downgrade\nDROP TABLE items;\n");
        Database db = Database.open("jdbc:sqlite::memory:");
        try {
            assertEquals(List.of("a1"), db.futures().migrate(dir.resolve("mem")).get(10, TimeUnit.SECONDS));
            Long rows = db.futures().outsideTransaction(c -> (Long) c.executeDriverSql("SELECT count(*) FROM items").scalar())
                    .get(10, TimeUnit.SECONDS);
            assertEquals(1L, rows);
        } finally {
            db.futures().close().get(10, TimeUnit.SECONDS);
        }
    }
}
