package io.kalchemy.examples.readme;

import io.kalchemy.engine.Connection;
import io.kalchemy.engine.Engine;
import io.kalchemy.orm.Registry;
import io.kalchemy.orm.Session;
import io.kalchemy.orm.SessionFactory;
import io.kalchemy.orm.SessionTransaction;

import static io.kalchemy.sql.Sql.count;
import static io.kalchemy.sql.Sql.select;

public class QuickStartSync {
    public static void main(String[] args) {
        try (Engine engine = Engine.create(QuickStartKt.README_URL)) {
            try (Connection conn = engine.connect()) {
                conn.create(Registry.global().tables(User.class));   // CREATE TABLE IF NOT EXISTS users ...
                conn.commit();
            }
            SessionFactory sessions = new SessionFactory(engine);
            try (Session s = sessions.open(); SessionTransaction tx = s.begin()) {
                s.add(new User("bob@example.com", "Bob"));
                tx.commit();
            }
            try (Session s = sessions.open()) {
                long n = s.<Long>scalar(select(count()).from(io.kalchemy.orm.Mapper.of(User.class)));
                System.out.println("users=" + n);
            }
        }
    }
}
