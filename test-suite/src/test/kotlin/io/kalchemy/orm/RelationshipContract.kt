package io.kalchemy.orm

import io.kalchemy.engine.Backend
import io.kalchemy.engine.withEngine
import io.kalchemy.engine.EngineOptions
import io.kalchemy.errors.UnloadedRelationshipError
import io.kalchemy.sql.Sql.count
import io.kalchemy.sql.Sql.select
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeSameInstanceAs

/** Relationships, loading strategies and graph flushes against real SQLite (memory and file). */
abstract class RelationshipContract(backend: Backend) : FunSpec({

    class Fixture(val sessions: SessionFactory, val log: StatementLog, val registry: Registry) {
        val users: Mapper<RUser> = registry.mapper(RUser::class.java)
        val posts: Mapper<RPost> = registry.mapper(RPost::class.java)
        val comments: Mapper<RComment> = registry.mapper(RComment::class.java)
        val tags: Mapper<RTag> = registry.mapper(RTag::class.java)
        fun <R> session(block: (Session) -> R): R = sessions.open().use(block)
        fun count(m: Mapper<*>): Long = session { s -> s.scalar<Long>(select(count()).from(m))!! }
    }

    fun fixture(block: (Fixture) -> Unit) {
        val log = StatementLog()
        backend.withEngine(EngineOptions().listener(log)) { engine ->
            val registry = Registry()
            engine.inTransaction { c ->
                c.create(registry.tables(RUser::class.java, RPost::class.java, RComment::class.java, RTag::class.java, Employee::class.java,
                    RTeam::class.java, RMember::class.java, Org::class.java, OrgMember::class.java))
            }
            block(Fixture(SessionFactory(engine, SessionOptions().registry(registry)), log, registry))
        }
    }

    fun blog(f: Fixture, users: Int, postsEach: Int, commentsEach: Int) = f.session { s ->
        val tag = RTag("kotlin")
        repeat(users) { u ->
            val user = RUser("user%04d".format(u))
            repeat(postsEach) { p ->
                val post = RPost("post $p of $u")
                repeat(commentsEach) { c -> post.comments.add(RComment("comment $c")) }
                if (p == 0) post.tags.add(tag)
                user.posts.add(post)
            }
            s.add(user) // cascades to posts, comments and tags
        }
        s.commit()
    }

    test("a new graph is saved by adding its root: keys in dependency order, foreign keys and association rows set") {
        fixture { f ->
            f.session { s ->
                val ann = RUser("ann")
                val post = RPost("hello")
                val tag = RTag("sqlite")
                post.comments.add(RComment("first!"))
                post.tags.add(tag)
                ann.posts.add(post)
                s.add(ann)
                s.state(post) shouldBe EntityState.PENDING // cascaded at add()
                s.commit()
                post.authorId shouldBe ann.id
                post.author shouldBeSameInstanceAs ann
                post.comments.single().postId shouldBe post.id
            }
            f.count(f.users) shouldBe 1L
            f.count(f.comments) shouldBe 1L
            f.session { s -> s.scalar<Long>(select(count()).from(f.registry.metadata().get("r_post_tags"))) } shouldBe 1L
        }
    }

    test("collections are not loaded by default: using one raises, naming the class, property and fixes, and runs no query") {
        fixture { f ->
            blog(f, 1, 2, 0)
            f.session { s ->
                val u = s.scalars<RUser>(select(f.users)).one()
                f.log.clear()
                val e = shouldThrow<UnloadedRelationshipError> { u.posts.size }
                e.message shouldContain "RUser.posts was not loaded"
                e.message shouldContain "selectinLoad(RUser::posts)"
                e.message shouldContain "session.load(entity, \"posts\")"
                f.log.statements shouldHaveSize 0
                s.load(u, "posts")
                u.posts.map { it.title } shouldContainExactly listOf("post 0 of 0", "post 1 of 0")
            }
        }
    }

    test("selectin loading: users, their posts and the posts' comments in 3 statements for 1,000 users (no N+1)") {
        fixture { f ->
            blog(f, 1000, 2, 2)
            f.session { s ->
                f.log.clear()
                val users = s.scalars<RUser>(
                    select(f.users).options(LoadOption.selectin(RUser::class.java, "posts").selectin("comments")),
                ).all()
                users shouldHaveSize 1000
                users.sumOf { u -> u.posts.sumOf { it.comments.size } } shouldBe 4000
                // users, their posts, the posts' comments; the posts' authors are already in the session
                f.log.statements.filter { it.startsWith("SELECT") } shouldHaveSize 3
                users[0].posts[0].author shouldBeSameInstanceAs users[0]
            }
        }
    }

    test("a raise option on a reference is refused, top-level or nested, naming the class and property; the session goes on") {
        fixture { f ->
            blog(f, 2, 2, 2)
            f.session { s ->
                shouldThrow<io.kalchemy.errors.ArgumentError> {
                    s.scalars<RUser>(
                        select(f.users).options(LoadOption.selectin(RUser::class.java, "posts").selectin("comments").raise("post")),
                    ).all()
                }.message shouldContain "RComment.post: a reference cannot raise"
                shouldThrow<io.kalchemy.errors.ArgumentError> {
                    s.scalars<RPost>(select(f.posts).options(LoadOption.raise(RPost::class.java, "author"))).all()
                }.message shouldContain "RPost.author"
                // loaded without the option, the same children get their post from the session
                val users = s.scalars<RUser>(
                    select(f.users).options(LoadOption.selectin(RUser::class.java, "posts").selectin("comments")),
                ).all()
                val post = users[0].posts[0]
                post.comments.map { it.text } shouldContainExactlyInAnyOrder listOf("comment 0", "comment 1")
                post.comments.map { it.post } shouldBe listOf(post, post)
            }
        }
    }

    test("a loader option naming a relationship the class does not have is refused, naming the class, the name and the relationships") {
        fixture { f ->
            blog(f, 1, 1, 0)
            f.session { s ->
                val e = shouldThrow<io.kalchemy.errors.ArgumentError> {
                    s.scalars<RUser>(select(f.users).options(LoadOption.selectin(RUser::class.java, "postz"))).all()
                }
                e.message shouldContain "RUser has no relationship 'postz'"
                e.message shouldContain "posts"
                shouldThrow<io.kalchemy.errors.ArgumentError> {
                    s.scalars<RUser>(select(f.users).options(LoadOption.selectin(RUser::class.java, "posts").selectin("comentz"))).all()
                }.message shouldContain "RPost has no relationship 'comentz'"
                // refused before a row was read: nothing was left half-loaded, the posts are there
                s.scalars<RUser>(select(f.users).options(LoadOption.selectin(RUser::class.java, "posts"))).all()
                    .single().posts.map { it.title } shouldContainExactly listOf("post 0 of 0")
            }
        }
    }

    test("a query whose relationship loading fails leaves none of the objects it created half-loaded in the session") {
        fixture { f ->
            blog(f, 1, 1, 0) // post 0 has the tag "kotlin"
            f.session { s ->
                s.connection().executeDriverSql("DROP TABLE r_comments").close() // the comments' query will fail
                shouldThrow<io.kalchemy.errors.DatabaseError> {
                    s.scalars<RUser>(select(f.users).options(LoadOption.selectin(RUser::class.java, "posts").selectin("comments"))).all()
                }
                // the post the failed query created did not stay with its collections as constructed (an empty set that
                // reads as loaded): read again, it is a new object whose tags raise until loaded
                val post = s.scalars<RPost>(select(f.posts)).one()
                shouldThrow<UnloadedRelationshipError> { post.tags.size }
                s.load(post, "tags")
                post.tags.map { it.label } shouldContainExactly listOf("kotlin")
                s.rollback()
            }
        }
    }

    test("joined loading: one LEFT OUTER JOIN statement, owners de-duplicated; refused with LIMIT") {
        fixture { f ->
            blog(f, 3, 2, 0)
            f.session { s ->
                f.log.clear()
                val users = s.scalars<RUser>(select(f.users).orderBy(f.users.column<String>("name"))
                    .options(LoadOption.joined(RUser::class.java, "posts"))).all()
                users.map { it.name } shouldContainExactly listOf("user0000", "user0001", "user0002")
                users.map { it.posts.size } shouldContainExactly listOf(2, 2, 2)
                f.log.statements.filter { it.startsWith("SELECT") }.single() shouldContain "LEFT OUTER JOIN r_posts"
                shouldThrow<io.kalchemy.errors.ArgumentError> {
                    s.execute(select(f.users).limit(1).options(LoadOption.joined(RUser::class.java, "posts")))
                }.message shouldContain "use LoadOption.selectin"
            }
        }
    }

    test("containsEager fills collections from a join the query writes; filtered loading keeps only matching children") {
        fixture { f ->
            blog(f, 2, 3, 0)
            val title = f.posts.column<String>("title")
            f.session { s ->
                val rel = f.users.relationship("posts")
                val rows = s.execute(select(f.users, f.posts).join(f.posts, rel.joinCondition()).where(title.like("post 1%"))
                    .options(LoadOption.containsEager(RUser::class.java, "posts"))).all()
                rows shouldHaveSize 2
                val users = rows.map { it.get(0) as RUser }
                users.map { u -> u.posts.map { it.title } } shouldContainExactly listOf(listOf("post 1 of 0"), listOf("post 1 of 1"))
            }
            f.session { s ->
                val users = s.scalars<RUser>(select(f.users).orderBy(f.users.column<String>("name"))
                    .options(LoadOption.selectin(RUser::class.java, "posts").where(title.like("%2 of%")))).all()
                users.map { u -> u.posts.map { it.title } } shouldContainExactly listOf(listOf("post 2 of 0"), listOf("post 2 of 1"))
            }
        }
    }

    test("selectin chunks large parent sets: 10,001 users take two IN queries for their posts") {
        fixture { f ->
            blog(f, 10_001, 1, 0)
            f.session { s ->
                f.log.clear()
                val users = s.scalars<RUser>(select(f.users).options(LoadOption.selectin(RUser::class.java, "posts"))).all()
                users.sumOf { it.posts.size } shouldBe 10_001
                f.log.statements.count { it.startsWith("SELECT r_posts") } shouldBe 2
            }
        }
    }

    test("the reverse of back-population: setting a child's reference moves it between loaded collections at flush") {
        fixture { f ->
            blog(f, 2, 1, 0)
            f.session { s ->
                val (a, b) = s.scalars<RUser>(select(f.users).orderBy(f.users.column<Long>("id"))
                    .options(LoadOption.selectin(RUser::class.java, "posts"))).all()
                val post = a.posts[0]
                post.author = b
                s.flush()
                b.posts.map { it.title } shouldContainExactly listOf("post 0 of 1", "post 0 of 0") // appended
                a.posts shouldHaveSize 0
                post.authorId shouldBe b.id
                s.commit()
            }
            f.count(f.posts) shouldBe 2L // moved, not deleted as an orphan
        }
    }

    test("passive deletes: deleting a post leaves its comments to ON DELETE CASCADE without loading them") {
        fixture { f ->
            blog(f, 1, 1, 5)
            f.session { s ->
                val post = s.scalars<RPost>(select(f.posts)).one()
                f.log.clear()
                s.delete(post)
                s.commit()
                f.log.statements.none { it.startsWith("SELECT r_comments") } shouldBe true
            }
            f.count(f.comments) shouldBe 0L
        }
    }

    test("many-to-one references load with their owners by default (selectin), one query per level") {
        fixture { f ->
            blog(f, 3, 2, 1)
            f.session { s ->
                f.log.clear()
                val comments = s.scalars<RComment>(select(f.comments)).all()
                comments shouldHaveSize 6
                comments.map { it.post!!.author!!.name }.toSet() shouldBe setOf("user0000", "user0001", "user0002")
                f.log.statements.count { it.startsWith("SELECT") } shouldBe 3
            }
        }
    }

    test("noload and raise options override the defaults for one query") {
        fixture { f ->
            blog(f, 1, 1, 0)
            f.session { s ->
                val u = s.scalars<RUser>(select(f.users).options(LoadOption.noload(RUser::class.java, "posts"))).one()
                u.posts shouldHaveSize 0 // explicitly not loaded
            }
        }
    }

    test("back-populates: adding to a loaded collection sets the child's reference; flush writes the foreign key") {
        fixture { f ->
            blog(f, 2, 1, 0)
            f.session { s ->
                val (a, b) = s.scalars<RUser>(select(f.users).orderBy(f.users.column<Long>("id"))
                    .options(LoadOption.selectin(RUser::class.java, "posts"))).all()
                val moved = b.posts[0]
                b.posts.remove(moved).shouldBe(true)
                moved.author shouldBe null
                a.posts.add(moved)
                moved.author shouldBeSameInstanceAs a
                s.commit()
            }
            f.session { s ->
                val a = s.scalars<RUser>(select(f.users).orderBy(f.users.column<Long>("id")).options(LoadOption.selectin(RUser::class.java, "posts"))).first()!!
                a.posts.map { it.title } shouldContainExactly listOf("post 0 of 0", "post 0 of 1")
            }
        }
    }

    test("delete-orphan deletes a child removed from its collection; cascade delete removes the whole graph") {
        fixture { f ->
            blog(f, 1, 3, 2)
            f.session { s ->
                val u = s.scalars<RUser>(select(f.users).options(LoadOption.selectin(RUser::class.java, "posts"))).one()
                u.posts.removeAt(0)
                s.commit()
            }
            f.count(f.posts) shouldBe 2L
            f.session { s ->
                s.delete(s.scalars<RUser>(select(f.users)).one()) // posts not loaded: the flush loads them to cascade
                s.commit()
            }
            f.count(f.users) shouldBe 0L
            f.count(f.posts) shouldBe 0L
            f.count(f.comments) shouldBe 0L
        }
    }

    test("many-to-many: association rows follow the collection; the inverse side loads through the same table") {
        fixture { f ->
            f.session { s ->
                val post = RPost("tagged")
                post.tags.addAll(listOf(RTag("a"), RTag("b"), RTag("c")))
                s.add(post)
                s.commit()
            }
            f.session { s ->
                val post = s.scalars<RPost>(select(f.posts).options(LoadOption.selectin(RPost::class.java, "tags"))).one()
                post.tags.map { it.label } shouldContainExactlyInAnyOrder listOf("a", "b", "c")
                post.tags.removeIf { it.label == "b" }
                post.tags.add(RTag("d"))
                s.commit()
            }
            f.session { s ->
                val tags = s.scalars<RTag>(select(f.tags).orderBy(f.tags.column<String>("label"))
                    .options(LoadOption.selectin(RTag::class.java, "posts"))).all()
                tags.associate { it.label to it.posts.size } shouldBe mapOf("a" to 1, "b" to 0, "c" to 1, "d" to 1)
            }
        }
    }

    test("self-referential: a new tree flushes parents first even when added children-first; reports load by selectin") {
        fixture { f ->
            f.session { s ->
                val ceo = Employee("ceo")
                val cto = Employee("cto").also { it.manager = ceo }
                val dev = Employee("dev").also { it.manager = cto }
                s.add(dev) // cascades up through the references
                s.commit()
                cto.managerId shouldBe ceo.id
                dev.managerId shouldBe cto.id
            }
            f.session { s ->
                val emp = f.registry.mapper(Employee::class.java)
                val ceo = s.scalars<Employee>(select(emp).where(emp.column<String>("name").eq("ceo"))
                    .options(LoadOption.selectin(Employee::class.java, "reports").selectin("reports"))).one()
                ceo.reports.single().name shouldBe "cto"
                ceo.reports.single().reports.single().name shouldBe "dev"
                ceo.reports.single().reports.single().manager!!.manager shouldBeSameInstanceAs ceo
            }
        }
    }

    test("a cycle between two tables is broken with a post-update: both new rows get each other's keys") {
        fixture { f ->
            f.session { s ->
                val team = RTeam("core")
                val captain = RMember("ann")
                team.members.add(captain)
                team.members.add(RMember("bob"))
                team.captain = captain
                s.add(team)
                s.commit()
                team.captainId shouldBe captain.id
                captain.teamId shouldBe team.id
            }
            f.session { s ->
                val teams = f.registry.mapper(RTeam::class.java)
                val t = s.scalars<RTeam>(select(teams).options(LoadOption.selectin(RTeam::class.java, "members"))).one()
                t.captain!!.name shouldBe "ann"
                t.captain!!.team shouldBeSameInstanceAs t
                t.members.map { it.name } shouldContainExactly listOf("ann", "bob")
            }
        }
    }

    test("relationships on a composite foreign key: flush, selectin both ways, join and EXISTS") {
        fixture { f ->
            f.session { s ->
                val eu = Org("acme", "eu", "Acme Europe")
                val us = Org("acme", "us", "Acme US")
                eu.members.addAll(listOf(OrgMember("zoe"), OrgMember("ann")))
                us.members.add(OrgMember("bob"))
                s.addAll(listOf(eu, us))
                s.commit()
                eu.members.map { it.orgRegion }.toSet() shouldBe setOf("eu")
            }
            f.session { s ->
                val orgs = f.registry.mapper(Org::class.java)
                val members = f.registry.mapper(OrgMember::class.java)
                val loaded = s.scalars<Org>(select(orgs).orderBy(orgs.column<String>("region"))
                    .options(LoadOption.selectin(Org::class.java, "members"))).all()
                loaded.map { o -> o.members.map { it.name } } shouldContainExactly listOf(listOf("ann", "zoe"), listOf("bob"))
                val bob = s.scalars<OrgMember>(select(members).where(members.column<String>("name").eq("bob"))).one()
                bob.org shouldBeSameInstanceAs loaded[1]
                val rel = orgs.relationship("members")
                s.scalars<Org>(select(orgs).where(rel.any(members.column<String>("name").eq("zoe")))).one().region shouldBe "eu"
                s.execute(select(orgs.column<String>("region"), count()).join(members, rel.joinCondition())
                    .groupBy(orgs.column<String>("region")).orderBy(orgs.column<String>("region"))).all().map { it.get(1) } shouldContainExactly
                    listOf(2L, 1L)
            }
        }
    }

    test("merge cascades to the related objects a detached object holds") {
        fixture { f ->
            blog(f, 1, 2, 0)
            val detached = f.session { s ->
                s.scalars<RUser>(select(f.users).options(LoadOption.selectin(RUser::class.java, "posts"))).one()
            } // the session is closed: the user and its posts are detached
            detached.name = "renamed"
            detached.posts[0].title = "edited"
            detached.posts.add(RPost("new one"))
            f.session { s ->
                val merged = s.merge(detached)
                (merged === detached) shouldBe false
                merged.posts.map { it.title } shouldContainExactly listOf("edited", "post 1 of 0", "new one")
                s.commit()
            }
            f.session { s ->
                val u = s.scalars<RUser>(select(f.users).options(LoadOption.selectin(RUser::class.java, "posts"))).one()
                u.name shouldBe "renamed"
                u.posts.map { it.title } shouldContainExactly listOf("edited", "new one", "post 1 of 0")
            }
        }
    }

    test("a commit after a flush writes what changed since (columns, a collection, references moved or set to null), and nothing when nothing did") {
        fixture { f ->
            val ids = f.session { s ->
                val ann = RUser("ann")
                val bob = RUser("bob")
                s.add(ann)
                s.add(bob)
                s.flush()
                f.log.clear()
                s.commit() // nothing changed since the flush
                (f.log.count("INSERT") + f.log.count("UPDATE") + f.log.count("DELETE")) shouldBe 0
                ann.id!! to bob.id!!
            }
            val (annId, bobId) = ids
            f.session { s ->
                val ann = s.get(RUser::class.java, annId)!!
                ann.posts = mutableListOf() // a loaded, empty collection
                s.flush()
                ann.name = "ann 2" // a column, after the flush
                ann.posts.add(RPost("late")) // a member of the loaded collection, after the flush
                s.commit()
            }
            val postId = f.session { s ->
                s.get(RUser::class.java, annId)!!.name shouldBe "ann 2"
                val post = s.scalars<RPost>(select(f.posts)).one()
                post.title shouldBe "late"
                post.authorId shouldBe annId
                post.id!!
            }
            f.session { s ->
                val post = s.get(RPost::class.java, postId)!!
                s.flush()
                post.author = s.get(RUser::class.java, bobId) // a reference moved after the flush
                s.commit()
            }
            f.session { s -> s.get(RPost::class.java, postId)!!.authorId shouldBe bobId }
            f.session { s ->
                val post = s.get(RPost::class.java, postId)!!
                post.author!!.name shouldBe "bob" // many-to-one loads with the post
                s.flush()
                post.author = null // set to null after the flush
                s.commit()
            }
            f.session { s -> s.get(RPost::class.java, postId)!!.authorId shouldBe null }
        }
    }

    test("queries along relationships: join, any (EXISTS), has, and counts per parent") {
        fixture { f ->
            blog(f, 3, 2, 0)
            f.session { s ->
                f.session { it } // no-op: sessions are independent
                val postsRel = f.users.relationship("posts")
                val authorRel = f.posts.relationship("author")
                val title = f.posts.column<String>("title")
                s.scalars<RUser>(select(f.users).where(postsRel.any(title.eq("post 1 of 2")))).one().name shouldBe "user0002"
                s.scalars<RPost>(select(f.posts).where(authorRel.any(f.users.column<String>("name").eq("user0001"))))
                    .all().map { it.title } shouldContainExactlyInAnyOrder listOf("post 0 of 1", "post 1 of 1")
                s.execute(select(f.users.column<String>("name"), count(f.posts.column<Long>("id")))
                    .leftJoin(f.posts, postsRel.joinCondition()).groupBy(f.users.column<Long>("id")).orderBy(f.users.column<String>("name")))
                    .all().map { it.get(1) } shouldContainExactly listOf(2L, 2L, 2L)
                s.execute(select(f.users).where(postsRel.any().not())).all() shouldHaveSize 0
            }
        }
    }
})

class MemoryRelationshipSpec : RelationshipContract(Backend.memory)

class FileRelationshipSpec : RelationshipContract(Backend.file)

class PostgresRelationshipSpec : RelationshipContract(Backend.postgres)
