package io.kalchemy.interop;

import io.kalchemy.engine.Connection;
import io.kalchemy.engine.Engine;
import io.kalchemy.engine.Row;
import io.kalchemy.engine.Transaction;
import io.kalchemy.errors.IntegrityError;
import io.kalchemy.schema.Column;
import io.kalchemy.schema.MetaData;
import io.kalchemy.schema.Table;
import io.kalchemy.types.SqlTypes;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.kalchemy.sql.Sql.count;
import static io.kalchemy.sql.Sql.insert;
import static io.kalchemy.sql.Sql.select;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The SQL core as a Java user writes it: static imports, try-with-resources, typed rows. */
class CoreJavaTest {
    @Test
    void javaUsageReadsBackWhatItWrote() {
        MetaData md = new MetaData();
        Table users = md.table("users");
        Column<Long> id = users.column("id", SqlTypes.LONG).primaryKey();
        Column<String> name = users.column("name", SqlTypes.TEXT).notNull().unique();

        try (Engine engine = Engine.create("jdbc:sqlite::memory:")) {
            engine.createAll(md);
            try (Connection conn = engine.connect(); Transaction tx = conn.begin()) {
                conn.execute(insert(users).values(List.of(Map.of(name, "Ann"), Map.of(name, "Bob"))));
                tx.commit();
            }
            try (Connection conn = engine.connect()) {
                assertThrows(IntegrityError.class, () -> conn.execute(insert(users).value(name, "Ann")));
                conn.rollback();
                List<Row> rows = conn.execute(select(id, name).orderBy(name.desc())).all();
                assertEquals(List.of("Bob", "Ann"), rows.stream().map(r -> r.get(name)).toList());
                long n = conn.scalar(select(count()).from(users));
                assertEquals(2L, n);
            }
        }
    }
}
