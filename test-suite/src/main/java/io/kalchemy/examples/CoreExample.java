package io.kalchemy.examples;

import io.kalchemy.engine.Connection;
import io.kalchemy.engine.Engine;
import io.kalchemy.engine.EngineOptions;
import io.kalchemy.engine.Row;
import io.kalchemy.schema.Column;
import io.kalchemy.schema.MetaData;
import io.kalchemy.schema.ReferentialAction;
import io.kalchemy.schema.Table;
import io.kalchemy.types.SqlTypes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.kalchemy.sql.Sql.count;
import static io.kalchemy.sql.Sql.insert;
import static io.kalchemy.sql.Sql.select;

/**
 * The README's first command: defines two tables with the SQL core, creates them in a SQLite
 * file, inserts users and posts, and prints a join with a per-user count.
 */
public final class CoreExample {
    private CoreExample() {
    }

    /** Runs the example against {@code target/kalchemy-example.db} (or the path given as argument). */
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "target/kalchemy-example.db");
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.deleteIfExists(file);

        MetaData metadata = new MetaData();
        Table users = metadata.table("users");
        Column<Long> userId = users.column("id", SqlTypes.LONG).primaryKey();
        Column<String> email = users.column("email", SqlTypes.text(100)).notNull().unique();
        Column<String> name = users.column("name", SqlTypes.TEXT).notNull();
        Column<Instant> createdAt = users.column("created_at", SqlTypes.INSTANT).notNull().defaultSupplier(Instant::now);

        Table posts = metadata.table("posts");
        Column<Long> postId = posts.column("id", SqlTypes.LONG).primaryKey();
        Column<Long> author = posts.column("user_id", SqlTypes.LONG).notNull()
                .references(userId, ReferentialAction.CASCADE, ReferentialAction.NO_ACTION).index();
        Column<String> title = posts.column("title", SqlTypes.TEXT).notNull();

        try (Engine engine = Engine.create("jdbc:sqlite:" + file, new EngineOptions())) {
            engine.createAll(metadata);
            engine.inTransaction(conn -> {
                List<Long> ids = conn.execute(insert(users)
                                .values(List.of(Map.of(email, "alice@example.com", name, "Alice"),
                                        Map.of(email, "bob@example.com", name, "Bob")))
                                .returning(userId))
                        .<Long>scalars().all();
                conn.executeMany(insert(posts), List.of(
                        Map.of("user_id", ids.get(0), "title", "Hello SQLite"),
                        Map.of("user_id", ids.get(0), "title", "Coroutines on the JVM"),
                        Map.of("user_id", ids.get(1), "title", "Why WAL matters")));
                return null;
            });

            try (Connection conn = engine.connect()) {
                System.out.println("users and their posts:");
                for (Row row : conn.execute(select(name, title).join(posts).orderBy(name.asc(), title.asc()))) {
                    System.out.printf("  %-6s %s%n", row.get(name), row.get(title));
                }
                System.out.println("posts per user:");
                for (Row row : conn.execute(select(name, count(postId).label("posts"))
                        .join(posts).groupBy(userId).orderBy(name.asc()))) {
                    System.out.printf("  %-6s %d%n", row.get(name), row.get("posts"));
                }
                Instant first = conn.scalar(select(createdAt).orderBy(userId.asc()).limit(1));
                System.out.println("first user created at " + first + " in " + file);
            }
        }
    }
}
