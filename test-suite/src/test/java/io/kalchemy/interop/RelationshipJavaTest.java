package io.kalchemy.interop;

import io.kalchemy.engine.Engine;
import io.kalchemy.errors.UnloadedRelationshipError;
import io.kalchemy.orm.LoadOption;
import io.kalchemy.orm.Mapper;
import io.kalchemy.orm.Registry;
import io.kalchemy.orm.Session;
import io.kalchemy.orm.SessionFactory;
import io.kalchemy.orm.SessionOptions;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.kalchemy.sql.Sql.count;
import static io.kalchemy.sql.Sql.select;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The seeds' users/posts/roles domain with relationships, from Java. */
class RelationshipJavaTest {
    @Test
    void usersPostsAndRoles() {
        Registry registry = new Registry();
        try (Engine engine = Engine.create("jdbc:sqlite::memory:")) {
            engine.inTransaction(c -> {
                c.create(registry.tables(JBlogUser.class, JBlogPost.class, JBlogRole.class));
                return null;
            });
            SessionFactory sessions = new SessionFactory(engine, new SessionOptions().registry(registry));
            Mapper<JBlogUser> users = registry.mapper(JBlogUser.class);
            sessions.inTransaction(s -> {
                JBlogRole admin = new JBlogRole("admin");
                JBlogUser ann = new JBlogUser("ann@example.com");
                ann.getPosts().add(new JBlogPost("Hello"));
                ann.getPosts().add(new JBlogPost("Again"));
                ann.getRoles().add(admin);
                JBlogUser bob = new JBlogUser("bob@example.com");
                bob.getRoles().add(admin);
                s.addAll(List.of(ann, bob));
                return null;
            });
            try (Session s = sessions.open()) {
                List<JBlogUser> all = s.<JBlogUser>scalars(select(users).orderBy(users.column("email"))
                        .options(LoadOption.selectin(JBlogUser.class, "posts"), LoadOption.selectin(JBlogUser.class, "roles"))).all();
                JBlogUser ann = all.get(0);
                assertEquals(List.of("Hello", "Again"), ann.getPosts().stream().map(JBlogPost::getTitle).toList());
                assertSame(ann, ann.getPosts().get(0).getAuthor());
                assertEquals("admin", all.get(1).getRoles().iterator().next().getName());
                ann.getPosts().remove(1); // delete-orphan
                s.commit();
                assertEquals(1L, (long) s.<Long>scalar(select(count()).from(registry.mapper(JBlogPost.class))));
                JBlogUser reloaded = s.<JBlogUser>scalars(select(users).where(users.column("email").eq("bob@example.com"))).one();
                UnloadedRelationshipError e = assertThrows(UnloadedRelationshipError.class, () -> reloaded.getPosts().size());
                assertTrue(e.getMessage().contains("JBlogUser.posts was not loaded"));
            }
        }
    }
}
