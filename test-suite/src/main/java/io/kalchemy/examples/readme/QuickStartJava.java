package io.kalchemy.examples.readme;

import io.kalchemy.coroutines.Database;
import io.kalchemy.orm.Mapper;

import java.util.concurrent.CompletableFuture;

import static io.kalchemy.sql.Sql.count;
import static io.kalchemy.sql.Sql.select;

public class QuickStartJava {
    public static void main(String[] args) {
        try (Database db = Database.open(QuickStartKt.README_URL)) {   // AutoCloseable: close() blocks until closed
            db.futures().createAll(User.class).join();
            CompletableFuture<Long> id = db.futures().transaction(s -> {   // the synchronous core Session
                User u = new User("ann@example.com", "Ann");                // needs @JvmOverloads on the Kotlin constructor
                s.add(u);
                s.flush();
                return u.getId();
            });
            // read after the write has committed: chain on its future (two futures started together race)
            CompletableFuture<Long> n = id.thenCompose(ignored ->
                db.futures().read(s -> s.<Long>scalar(select(count()).from(Mapper.of(User.class)))));
            System.out.println("count=" + n.join());
        }
    }
}
