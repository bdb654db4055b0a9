package io.kalchemy.interop;

import io.kalchemy.coroutines.Database;
import io.kalchemy.orm.Mapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.kalchemy.sql.Sql.count;
import static io.kalchemy.sql.Sql.select;
import static io.kalchemy.sql.Sql.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The coroutine facade from Java: CompletableFutures running the synchronous core session. */
class FuturesJavaTest {
    private Database db;

    @BeforeEach
    void open() throws Exception {
        db = Database.open("jdbc:sqlite:" + Files.createTempDirectory("kalchemy-futures").resolve("db.sqlite"));
        db.futures().createAll(JavaUser.class).get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() throws Exception {
        db.futures().close().get(10, TimeUnit.SECONDS);
    }

    private long userCount() throws Exception {
        return db.futures().read(s -> s.<Long>scalar(select(count()).from(Mapper.of(JavaUser.class)))).get(10, TimeUnit.SECONDS);
    }

    @Test
    void liveQueryFromJava() throws Exception {
        java.util.concurrent.LinkedBlockingQueue<Long> counts = new java.util.concurrent.LinkedBlockingQueue<>();
        java.util.concurrent.LinkedBlockingQueue<Throwable> errors = new java.util.concurrent.LinkedBlockingQueue<>();
        try (io.kalchemy.coroutines.LiveQuery query = db.futures().observe(
                s -> s.<Long>scalar(select(count()).from(Mapper.of(JavaUser.class))), counts::add, errors::add)) {
            assertEquals(0L, counts.poll(10, TimeUnit.SECONDS));
            db.futures().transaction(s -> {
                s.add(new JavaUser("live@example.com", "Live"));
                return null;
            }).get(10, TimeUnit.SECONDS);
            assertEquals(1L, counts.poll(10, TimeUnit.SECONDS));
            query.close();
            query.getStopped().get(10, TimeUnit.SECONDS);
        }
        assertEquals(0, db.liveQueryStats().getObservers());
        assertEquals(0, db.connectionsInUse());
        assertTrue(errors.isEmpty());

        io.kalchemy.coroutines.LiveQuery failing = db.futures().observe(s -> s.scalar(text("SELECT no_such_column FROM j_users")), v -> { }, errors::add);
        failing.getStopped().get(10, TimeUnit.SECONDS);
        assertTrue(errors.poll(10, TimeUnit.SECONDS).getMessage().contains("no_such_column"));
        assertEquals(0, db.liveQueryStats().getObservers());
    }

    @Test
    void configuredFromJavaWithAPlainLambda() throws Exception {
        io.kalchemy.errors.ArgumentError refused = assertThrows(io.kalchemy.errors.ArgumentError.class,
                () -> Database.open("jdbc:sqlite::memory:", c -> c.setReaders(0)));
        assertTrue(refused.getMessage().contains("readers must be at least 1"));
        Database configured = Database.open("jdbc:sqlite:" + Files.createTempDirectory("kalchemy-futures").resolve("c.db"), c -> {
            c.setAcquireTimeoutMillis(1234);
            c.setChangePollMillis(0);
        });
        try {
            configured.futures().createAll(JavaUser.class).get(10, TimeUnit.SECONDS);
            assertEquals(0L, configured.futures().read(s -> s.<Long>scalar(select(count()).from(Mapper.of(JavaUser.class)))).get(10, TimeUnit.SECONDS));
        } finally {
            configured.futures().close().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void tryWithResourcesClosesTheDatabaseAndKeepsWhatWasCommitted() throws Exception {
        String url = "jdbc:sqlite:" + Files.createTempDirectory("kalchemy-futures").resolve("closeable.db");
        Database closed;
        try (Database own = Database.open(url)) {
            closed = own;
            own.futures().createAll(JavaUser.class).get(10, TimeUnit.SECONDS);
            own.futures().transaction(s -> { s.add(new JavaUser("kept@example.com", "Kept")); return null; }).get(10, TimeUnit.SECONDS);
        }
        assertTrue(closed.isClosed());
        assertEquals(0, closed.connectionsInUse());
        try (Database again = Database.open(url)) {
            assertEquals(1L, again.futures().read(s -> s.<Long>scalar(select(count()).from(Mapper.of(JavaUser.class)))).get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void pingFromJava() throws Exception {
        assertFalse(db.futures().ping().get(10, TimeUnit.SECONDS).isNegative());
        assertEquals(0, db.connectionsInUse());
    }

    @Test
    void transactionWithIsolationAndRetriesFromJava() throws Exception {
        java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
        long id = db.futures().transaction(io.kalchemy.dialect.IsolationLevel.SERIALIZABLE, 3, s -> {
            runs.incrementAndGet();
            JavaUser u = new JavaUser("iso@example.com", "Iso");
            s.add(u);
            s.flush();
            return u.getId();
        }).get(10, TimeUnit.SECONDS);
        assertEquals(1, runs.get()); // nothing conflicted, so it ran once
        assertEquals("Iso", db.futures().read(s -> s.get(JavaUser.class, id).getName()).get(10, TimeUnit.SECONDS));
        CompletableFuture<Long> refused = db.futures().transaction(null, -1, s -> 1L);
        java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class, () -> refused.get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause().getMessage().contains("retries must be zero or more"));
    }

    @Test
    void transactionsAndReadsAsFutures() throws Exception {
        List<CompletableFuture<Long>> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int n = i;
            ids.add(db.futures().transaction(s -> {
                JavaUser u = new JavaUser("user" + n + "@example.com", "User " + n);
                s.add(u);
                s.flush();
                return u.getId();
            }));
        }
        CompletableFuture.allOf(ids.toArray(new CompletableFuture[0])).get(10, TimeUnit.SECONDS);
        assertEquals(20L, userCount());
        String name = db.futures().read(s -> s.get(JavaUser.class, ids.get(3).join()).getName()).get(10, TimeUnit.SECONDS);
        assertTrue(name.startsWith("User "));
    }

    @Test
    void aFailingTransactionRollsBack() throws Exception {
        CompletableFuture<Object> failed = db.futures().transaction(s -> {
            s.add(new JavaUser("x@example.com", "X"));
            s.flush();
            throw new IllegalStateException("no");
        });
        Exception e = assertThrows(Exception.class, () -> failed.get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof IllegalStateException);
        assertEquals(0L, userCount());
    }

    @Test
    void cancellingTheFutureRollsBackTheTransaction() throws Exception {
        CompletableFuture<Object> running = db.futures().transaction(s -> {
            s.add(new JavaUser("cancel@example.com", "Cancel"));
            s.flush();
            // a statement that runs until interrupted
            return s.scalar(text("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 10000000000) SELECT count(*) FROM c"));
        });
        Thread.sleep(300);
        // cancel() only asks: the future then says what happened, here "cancelled", since nothing was committed
        assertFalse(running.cancel(true));
        assertThrows(CancellationException.class, running::join);
        assertTrue(running.isCancelled());
        // the writer is free again at once and nothing of the cancelled transaction stayed
        assertEquals(0L, (long) db.futures().transaction(s -> s.<Long>scalar(select(count()).from(Mapper.of(JavaUser.class))))
                .get(5, TimeUnit.SECONDS));
    }
}
