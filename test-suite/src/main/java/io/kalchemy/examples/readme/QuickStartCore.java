package io.kalchemy.examples.readme;

import io.kalchemy.engine.Connection;
import io.kalchemy.engine.Engine;
import io.kalchemy.engine.Row;
import io.kalchemy.engine.Transaction;
import io.kalchemy.schema.Column;
import io.kalchemy.schema.MetaData;
import io.kalchemy.schema.ReferentialAction;
import io.kalchemy.schema.Table;
import io.kalchemy.types.SqlTypes;

import java.util.List;
import java.util.Map;

import static io.kalchemy.sql.Sql.*;

public class QuickStartCore {
    public static void main(String[] args) {
        MetaData metadata = new MetaData();
        Table users = metadata.table("users");
        Column<Long> id = users.column("id", SqlTypes.LONG).primaryKey();
        Column<String> email = users.column("email", SqlTypes.text(100)).notNull().unique();
        Column<String> name = users.column("name", SqlTypes.TEXT).notNull();
        Table posts = metadata.table("posts");
        Column<Long> postId = posts.column("id", SqlTypes.LONG).primaryKey();
        Column<Long> author = posts.column("user_id", SqlTypes.LONG).notNull()
                .references(id, ReferentialAction.CASCADE, ReferentialAction.NO_ACTION);
        Column<String> title = posts.column("title", SqlTypes.TEXT).notNull();

        try (Engine engine = Engine.create(QuickStartKt.README_URL)) {   // WAL, foreign_keys=ON, busy_timeout
            engine.createAll(metadata);                                  // FK order, skips existing tables
            try (Connection conn = engine.connect(); Transaction tx = conn.begin()) {
                long ann = conn.execute(insert(users).value(email, "ann@example.com").value(name, "Ann")
                        .returning(id)).scalarOne();
                conn.executeMany(insert(posts), List.of(                   // one JDBC batch
                        Map.of("user_id", ann, "title", "Hello"),
                        Map.of("user_id", ann, "title", "Again")));
                tx.commit();                                              // closing without commit rolls back
            }
            try (Connection conn = engine.connect()) {
                for (Row row : conn.execute(select(name, count(postId).label("posts"))
                        .leftJoin(posts)                                  // ON inferred from the foreign key
                        .where(email.like("%@example.com"))
                        .groupBy(id).orderBy(name.asc()))) {
                    System.out.println(row.get(name) + " " + row.get("posts"));
                }
            }
        }
    }
}
