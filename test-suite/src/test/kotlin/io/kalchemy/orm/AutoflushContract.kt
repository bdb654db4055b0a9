package io.kalchemy.orm

import io.kalchemy.engine.Backend
import io.kalchemy.engine.withEngine
import io.kalchemy.engine.EngineOptions
import io.kalchemy.errors.FlushError
import io.kalchemy.errors.PendingRollbackError
import io.kalchemy.sql.Sql.count
import io.kalchemy.sql.Sql.select
import io.kalchemy.sql.Sql.text
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe

/**
 * Autoflush by query spaces: a SELECT flushes first only when an unflushed change can alter what
 * it reads (Hibernate's query spaces), so queries of other tables skip the dirty check of the
 * whole session. Runs on `:memory:` and a WAL file.
 */
abstract class AutoflushContract(backend: Backend) : FunSpec({

    class Fixture(val sessions: SessionFactory, val log: StatementLog, registry: Registry) {
        val users: Mapper<User> = registry.mapper(User::class.java)
        val tags: Mapper<Tag> = registry.mapper(Tag::class.java)
        val posts: Mapper<Post> = registry.mapper(Post::class.java)
        val rUsers: Mapper<RUser> = registry.mapper(RUser::class.java)
        val rPosts: Mapper<RPost> = registry.mapper(RPost::class.java)
        val rTags: Mapper<RTag> = registry.mapper(RTag::class.java)
        val rPostTags = registry.tables(RPost::class.java, RTag::class.java).single { it.name() == "r_post_tags" }
        fun <R> session(block: (Session) -> R): R = sessions.open().use(block)

        /** The INSERT, UPDATE and DELETE statements since the last [mark]. */
        fun writesSinceMark(): List<String> = log.statements.filter { it.startsWith("INSERT") || it.startsWith("UPDATE") || it.startsWith("DELETE") }
        fun mark() = log.clear()
    }

    fun fixture(block: (Fixture) -> Unit) {
        val log = StatementLog()
        backend.withEngine(EngineOptions().listener(log)) { engine ->
            val registry = Registry()
            engine.inTransaction { c ->
                c.create(registry.tables(User::class.java, Post::class.java, Tag::class.java, RUser::class.java, RPost::class.java,
                    RComment::class.java, RTag::class.java))
            }
            val f = Fixture(SessionFactory(engine, SessionOptions().registry(registry)), log, registry)
            f.session { s ->
                val ann = User("ann@x", "Ann")
                s.add(ann)
                s.add(Tag("kotlin"))
                s.flush()
                s.add(Post(ann.id!!, "hello"))
                s.commit()
            }
            block(f)
        }
    }

    test("a query of tables no change touches does not flush; a query of a changed table flushes first and sees the change") {
        fixture { f ->
            f.session { s ->
                val ann = s.scalars<User>(select(f.users)).one()
                ann.name = "Anna"
                f.mark()
                s.scalars<Tag>(select(f.tags)).all().map { it.label } shouldContainExactly listOf("kotlin")
                f.writesSinceMark().shouldBeEmpty()
                s.isModified(ann) shouldBe true

                val name = f.users.column<String>("name")
                s.scalars<User>(select(f.users).where(name.eq("Anna"))).one() shouldBe ann
                f.writesSinceMark() shouldContainExactly listOf("UPDATE users SET name = ? WHERE users.id = ?")
                s.isModified(ann) shouldBe false
                s.commit()
            }
            f.session { s -> s.scalars<User>(select(f.users)).one().name shouldBe "Anna" }
        }
    }

    test("the tables a query reads include joins, subqueries and EXISTS; literal SQL counts as every table") {
        fixture { f ->
            val name = f.users.column<String>("name")
            val userId = f.posts.column<Long>("userId")
            val id = f.users.column<Long>("id")
            val queries: List<Pair<String, (Session, String) -> Long>> = listOf(
                "join" to { s, n ->
                    s.scalar<Long>(select(count()).from(f.posts.table()).join(f.users.table(), userId.eq(id)).where(name.eq(n)))!!
                },
                "scalar subquery" to { s, n ->
                    s.scalar<Long>(select(count()).from(f.tags).where(select(count()).from(f.users).where(name.eq(n)).scalarSubquery<Long>().eq(1L)))!!
                },
                "exists" to { s, n ->
                    s.scalar<Long>(select(count()).from(f.tags).where(select(f.users).where(name.eq(n)).exists()))!!
                },
                "derived table" to { s, n ->
                    s.scalar<Long>(select(count()).from(select(f.users).where(name.eq(n)).subquery("named")))!!
                },
                "text" to { s, n ->
                    s.execute(text("SELECT count(*) FROM users WHERE name = :n").bind("n", n)).scalar<Long>()!!
                },
                "text in a where clause" to { s, n ->
                    s.scalar<Long>(select(count()).from(f.tags).where(text("EXISTS (SELECT 1 FROM users WHERE name = :n)").bind("n", n)))!!
                },
            )
            for ((what, query) in queries) {
                f.session { s ->
                    val ann = s.scalars<User>(select(f.users)).one()
                    ann.name = "renamed for $what"
                    withClue(what) { query(s, "renamed for $what") shouldBe 1L }
                    s.rollback()
                }
            }
        }
    }

    test("pending and deleted objects flush before any query, whatever tables it reads") {
        fixture { f ->
            f.session { s ->
                s.add(Tag("java"))
                f.mark()
                s.scalars<User>(select(f.users)).one().name shouldBe "Ann"
                f.writesSinceMark() shouldContainExactly listOf("INSERT INTO tags (label) VALUES (?) RETURNING id")
                val post = s.scalars<Post>(select(f.posts)).one()
                s.delete(post)
                f.mark()
                s.scalar<Long>(select(count()).from(f.tags)) shouldBe 2L
                f.writesSinceMark() shouldContainExactly listOf("DELETE FROM posts WHERE posts.id = ?")
            }
        }
    }

    test("moving an object between collections or reassigning its reference flushes before a query of the moved object's table") {
        fixture { f ->
            val (annId, bobId) = f.session { s ->
                val ann = RUser("ann").also { it.posts.add(RPost("first")) }
                val bob = RUser("bob")
                s.addAll(listOf(ann, bob))
                s.commit()
                ann.id!! to bob.id!!
            }
            val authorId = f.rPosts.column<Long>("authorId")
            f.session { s ->
                val ann = s.get(RUser::class.java, annId)!!
                val bob = s.get(RUser::class.java, bobId)!!
                s.load(listOf(ann, bob), "posts")
                val post = ann.posts.single()
                ann.posts.remove(post)
                bob.posts.add(post) // only the collections changed: the post's own fields did not
                s.scalars<RPost>(select(f.rPosts).where(authorId.eq(bobId))).all() shouldContainExactly listOf(post)
                s.commit()
            }
            f.session { s ->
                val post = s.scalars<RPost>(select(f.rPosts)).one()
                post.author = s.get(RUser::class.java, annId) // a many-to-one reassigned; the foreign key is written at flush
                s.scalars<RPost>(select(f.rPosts).where(authorId.eq(annId))).all() shouldContainExactly listOf(post)
                s.commit()
            }
            f.session { s -> s.scalars<RPost>(select(f.rPosts)).one().authorId shouldBe annId }
            f.session { s ->
                val ann = s.get(RUser::class.java, annId)!!
                s.load(ann, "posts")
                ann.posts.clear() // the post is an orphan now, deleted at the next flush
                s.scalar<Long>(select(count()).from(f.rPosts)) shouldBe 0L
                s.commit()
            }
        }
    }

    test("adding to a many-to-many collection flushes before a query of the association table") {
        fixture { f ->
            val postId = f.session { s ->
                val post = RPost("tagged later")
                s.addAll(listOf(post, RTag("kotlin")))
                s.commit()
                post.id!!
            }
            f.session { s ->
                val post = s.get(RPost::class.java, postId)!!
                s.load(post, "tags")
                post.tags.add(s.scalars<RTag>(select(f.rTags)).one())
                s.scalar<Long>(select(count()).from(f.rPostTags)) shouldBe 1L
                s.commit()
            }
        }
    }

    test("an unflushable change fails the query that would flush it, as a flush does, and leaves other queries alone") {
        fixture { f ->
            f.session { s ->
                val ann = s.scalars<User>(select(f.users)).one()
                ann.id = 999L
                s.scalars<Tag>(select(f.tags)).all().size shouldBe 1
                shouldThrow<FlushError> { s.scalars<User>(select(f.users)).all() }
                shouldThrow<PendingRollbackError> { s.scalars<Tag>(select(f.tags)).all() }
                s.rollback()
            }
            f.session { s -> s.scalars<User>(select(f.users)).one().id shouldBe 1L }
        }
    }
})

class MemoryAutoflushSpec : AutoflushContract(Backend.memory)

class FileAutoflushSpec : AutoflushContract(Backend.file)

class PostgresAutoflushSpec : AutoflushContract(Backend.postgres)
