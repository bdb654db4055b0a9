package io.kalchemy.coroutines

import io.kalchemy.errors.UnloadedRelationshipError
import io.kalchemy.orm.Cascade
import io.kalchemy.orm.Entity
import io.kalchemy.orm.EntityState
import io.kalchemy.orm.Id
import io.kalchemy.orm.ManyToOne
import io.kalchemy.orm.OneToMany
import io.kalchemy.orm.References
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Files
import kotlinx.coroutines.flow.collect

@Entity("fr_authors")
class Author(var name: String) {
    @Id var id: Long? = null
    @OneToMany(mappedBy = "author", cascade = [Cascade.ALL]) var articles: MutableList<Article> = mutableListOf()
}

@Entity("fr_articles")
class Article(var title: String) {
    @Id var id: Long? = null
    @References(Author::class) var authorId: Long? = null
    @ManyToOne(foreignKey = "authorId") var author: Author? = null
    @OneToMany(mappedBy = "article", cascade = [Cascade.ALL]) var remarks: MutableList<Remark> = mutableListOf()
}

@Entity("fr_remarks")
class Remark(var text: String) {
    @Id var id: Long? = null
    @References(Article::class) var articleId: Long? = null
    @ManyToOne(foreignKey = "articleId") var article: Article? = null
}

/** Relationships through the coroutine facade's Kotlin shapes. */
/** Relationships through the coroutine facade, on `:memory:` ([MemoryFacadeRelationshipSpec]) and a WAL file ([FileFacadeRelationshipSpec]). */
abstract class FacadeRelationshipContract(memory: Boolean) : FunSpec({
    test("selectinLoad chains, join and any/has along property references, explicit load, raise by default") {
        val db = Database.open(if (memory) "jdbc:sqlite::memory:" else "jdbc:sqlite:" + Files.createTempDirectory("kalchemy-fr").resolve("db"))
        try {
            db.createAll(Author::class, Article::class, Remark::class)
            db.transaction {
                listOf("Ann", "Bob").forEach { name ->
                    val a = Author(name)
                    repeat(2) { i -> a.articles.add(Article("$name $i").also { it.remarks.add(Remark("nice")) }) }
                    add(a)
                }
            }
            db.read {
                val authors = select<Author>().orderBy(Author::name)
                    .options(selectinLoad(Author::articles).selectinLoad(Article::remarks)).list()
                authors.map { a -> a.articles.sumOf { it.remarks.size } } shouldContainExactly listOf(2, 2)
                select<Author>().join(Author::articles).where(Article::title eq "Bob 1").single().name shouldBe "Bob"
                select<Author>().where(Author::articles.any(Article::title eq "Ann 0")).single().name shouldBe "Ann"
                select<Article>().where(Article::author.has(Author::name eq "Bob")).list().map { it.title } shouldContainExactly
                    listOf("Bob 0", "Bob 1")
            }
            db.read {
                val ann = select<Author>().where(Author::name eq "Ann").single()
                shouldThrow<UnloadedRelationshipError> { ann.articles.first() }.message shouldContain "Author.articles was not loaded"
                load(ann, Author::articles)
                ann.articles.map { it.title } shouldContainExactly listOf("Ann 0", "Ann 1")
            }
        } finally {
            db.close()
        }
    }

    test("a stream with selectinLoad releases each batch's related objects with the batch") {
        val db = Database.open(if (memory) "jdbc:sqlite::memory:" else "jdbc:sqlite:" + Files.createTempDirectory("kalchemy-fr").resolve("db"))
        try {
            db.createAll(Author::class, Article::class, Remark::class)
            db.transaction {
                repeat(30) { n ->
                    add(Author("A%02d".format(n)).also { a -> repeat(3) { i -> a.articles.add(Article("A%02d-$i".format(n)).also { it.remarks.add(Remark("r")) }) } })
                }
            }
            db.read {
                val kept = select<Author>().where(Author::name eq "A00").single() // in the session before the stream: stays
                val firstBatch = mutableListOf<Any>()
                var seen = 0
                var remarks = 0
                select<Author>().orderBy(Author::name).options(selectinLoad(Author::articles).selectinLoad(Article::remarks))
                    .stream(yieldPer = 10).collect { a ->
                        seen++
                        remarks += a.articles.sumOf { it.remarks.size }
                        if (seen in 2..10) firstBatch.addAll(listOf(a) + a.articles + a.articles.flatMap { it.remarks })
                    }
                seen shouldBe 30
                remarks shouldBe 90
                firstBatch.size shouldBe 9 * 7
                firstBatch.forEach { state(it) shouldBe EntityState.DETACHED }
                state(kept) shouldBe EntityState.PERSISTENT
            }
        } finally {
            db.close()
        }
    }
})

class MemoryFacadeRelationshipSpec : FacadeRelationshipContract(true)

class FileFacadeRelationshipSpec : FacadeRelationshipContract(false)
