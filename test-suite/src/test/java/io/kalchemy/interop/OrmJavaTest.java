package io.kalchemy.interop;

import io.kalchemy.engine.Engine;
import io.kalchemy.errors.IntegrityError;
import io.kalchemy.errors.PendingRollbackError;
import io.kalchemy.orm.EntityState;
import io.kalchemy.orm.Mapper;
import io.kalchemy.orm.Registry;
import io.kalchemy.orm.Session;
import io.kalchemy.orm.SessionFactory;
import io.kalchemy.orm.SessionOptions;
import io.kalchemy.orm.SessionTransaction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static io.kalchemy.sql.Sql.count;
import static io.kalchemy.sql.Sql.select;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ORM as a Java user writes it: beans, try-with-resources, the seeds' users/posts/accounts domain. */
class OrmJavaTest {
    private final Registry registry = new Registry();
    private Engine engine;
    private SessionFactory sessions;

    @BeforeEach
    void setUp() {
        engine = Engine.create("jdbc:sqlite::memory:");
        sessions = new SessionFactory(engine, new SessionOptions().registry(registry));
        engine.inTransaction(c -> {
            c.create(registry.tables(JavaUser.class, JavaPost.class, JavaAccount.class));
            return null;
        });
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    /** Moves {@code amount} between accounts in one transaction; throws (and rolls back) on insufficient funds. */
    void transferFunds(long from, long to, BigDecimal amount) {
        sessions.inTransaction(s -> {
            JavaAccount a = s.getOne(JavaAccount.class, from);
            JavaAccount b = s.getOne(JavaAccount.class, to);
            if (a.getBalance().compareTo(amount) < 0) {
                throw new IllegalStateException("insufficient funds in account " + from);
            }
            a.setBalance(a.getBalance().subtract(amount));
            b.setBalance(b.getBalance().add(amount));
            return null;
        });
    }

    @Test
    void beansAndFieldOnlyClassesRoundTrip() {
        long userId;
        try (Session s = sessions.open(); SessionTransaction tx = s.begin()) {
            JavaUser ann = new JavaUser("ann@example.com", "Ann");
            s.add(ann);
            s.flush();
            userId = ann.getId();
            s.add(new JavaPost(userId, "Hello from Java"));
            tx.commit();
        }
        try (Session s = sessions.open()) {
            JavaUser ann = s.get(JavaUser.class, userId);
            assertEquals("Ann", ann.getName());
            assertTrue(ann.isActive());
            Mapper<JavaPost> posts = registry.mapper(JavaPost.class);
            JavaPost post = s.<JavaPost>scalars(select(posts).where(posts.column("user_id").eq(userId))).one();
            assertEquals("Hello from Java", post.title);
            assertSame(ann, s.get(JavaUser.class, userId));
            ann.setActive(false);
            s.commit();
            assertEquals(1L, (long) s.<Long>scalar(select(count()).from(registry.mapper(JavaUser.class))
                    .where(registry.mapper(JavaUser.class).column("active").eq(false))));
        }
    }

    @Test
    void failedFlushNeedsRollbackAndLeavesNothing() {
        try (Session s = sessions.open()) {
            s.add(new JavaUser("same@example.com", "One"));
            s.add(new JavaUser("same@example.com", "Two"));
            assertThrows(IntegrityError.class, s::flush);
            assertThrows(PendingRollbackError.class, () -> s.get(JavaUser.class, 1L));
            s.rollback();
            assertEquals(0L, (long) s.<Long>scalar(select(count()).from(registry.mapper(JavaUser.class))));
        }
    }

    @Test
    void transferFundsIsAtomic() {
        List<JavaAccount> accounts = sessions.inTransaction(s -> {
            JavaAccount a = new JavaAccount("ann", new BigDecimal("100.00"));
            JavaAccount b = new JavaAccount("bob", new BigDecimal("0.00"));
            s.addAll(List.of(a, b));
            return List.of(a, b);
        });
        long a = accounts.get(0).getId();
        long b = accounts.get(1).getId();
        transferFunds(a, b, new BigDecimal("30.50"));
        assertThrows(IllegalStateException.class, () -> transferFunds(a, b, new BigDecimal("1000")));
        try (Session s = sessions.open()) {
            JavaAccount first = s.get(JavaAccount.class, a);
            assertEquals(new BigDecimal("69.50"), first.getBalance());
            assertEquals(new BigDecimal("30.50"), s.get(JavaAccount.class, b).getBalance());
            assertEquals(2L, first.getVersion());
            assertEquals(EntityState.PERSISTENT, s.state(first));
            assertNotNull(first.getId());
        }
    }
}
