package io.kalchemy.json

import io.kalchemy.coroutines.Database
import io.kalchemy.coroutines.column
import io.kalchemy.coroutines.count
import io.kalchemy.coroutines.eq
import io.kalchemy.coroutines.leftJoin
import io.kalchemy.coroutines.select
import io.kalchemy.coroutines.selectRows
import io.kalchemy.engine.Engine
import io.kalchemy.errors.DataError
import io.kalchemy.orm.Entity
import io.kalchemy.orm.Id
import io.kalchemy.orm.MappedColumn
import io.kalchemy.orm.References
import io.kalchemy.schema.MetaData
import io.kalchemy.sql.Sql
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Files
import kotlinx.coroutines.flow.count
import kotlinx.coroutines.flow.fold
import kotlinx.serialization.Serializable
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.put

@Serializable
data class DocData(val type: String, val meta: Meta = Meta(), val items: List<String> = emptyList(), val published: Boolean = false)

@Serializable
data class Meta(val pages: Int = 0, val author: String? = null)

@Serializable
data class Settings(val theme: String, val notifications: Boolean = true)

@Entity("js_documents")
class Document(var title: String) {
    @Id var id: Long? = null
    @Json var data: DocData = DocData("draft")
    @Json var tags: MutableList<String> = mutableListOf()
    @Json var extra: JsonElement? = null
}

@Entity("js_members")
class Member(@MappedColumn(unique = true) var email: String, var name: String) {
    @Id var id: Long? = null
    @Json var settings: Settings = Settings("light")
    var nickname: String? = null
}

@Entity("js_notes")
class Note(@References(Member::class) var memberId: Long, var text: String) {
    @Id var id: Long? = null
}

@Serializable
data class MemberResponse(val id: Long, val email: String, val postCount: Long, val nickname: String? = null, val role: String = "member")

@Serializable
data class MemberWithSettings(val id: Long, val name: String, val settings: Settings)

@Serializable
data class MemberCreate(val email: String, val name: String, val settings: Settings = Settings("dark"))

private suspend fun <R> jsonDatabase(url: String = "jdbc:sqlite:" + Files.createTempDirectory("kalchemy-json").resolve("db"), block: suspend (Database) -> R): R {
    val db = Database.open(url)
    try {
        db.createAll(Document::class, Member::class, Note::class)
        return block(db)
    } finally {
        db.shutdown()
    }
}

/**
 * JSON columns, JSON paths in SQL, rows decoded into @Serializable classes, DTO conversion, on
 * every backend: [FileJsonSpec] (a SQLite file: JSON text, `json_extract`) and [PostgresJsonSpec]
 * (`jsonb`, `->`/`->>`, `jsonb_array_elements`). SQLite-only cases are in [JsonSpec].
 */
abstract class JsonContract(url: () -> String) : FunSpec({
    test("streamed entities that changed (assigned, or in place and flagged) stay in the session and are written; others leave") {
        jsonDatabase(url()) { db ->
            val ids = db.transaction {
                listOf("s1", "s2", "s3", "s4").map { t -> Document(t).apply { tags = mutableListOf("x") }.also { add(it) } }
                    .also { flush() }.map { it.id!! }
            }
            db.transaction {
                getOne<Document>(ids[2]).data = DocData("before") // in the session before the stream: not the stream's to detach
                // one entity per batch: each next batch detaches the previous one unless it has changes
                select<Document>().orderBy(Document::title.column.asc()).stream(yieldPer = 1).collect { d ->
                    when (d.title) {
                        "s1" -> d.data = d.data.copy(type = "streamed")
                        "s2" -> { d.tags.add("y"); flagModified(d, Document::tags) }
                    }
                }
            }
            db.read {
                select<Document>().orderBy(Document::title.column.asc()).list()
                    .map { "${it.title} ${it.data.type} ${it.tags}" } shouldContainExactly
                    listOf("s1 streamed [x]", "s2 draft [x, y]", "s3 before [x]", "s4 draft [x]")
            }
        }
    }

    test("JSON properties round-trip; reassignment is detected; in-place mutation needs flagModified") {
        jsonDatabase(url()) { db ->
            val id = db.transaction {
                val d = Document("spec").apply {
                    data = DocData("report", Meta(12, "ann"), listOf("a", "b"), true)
                    tags = mutableListOf("x")
                    extra = buildJsonObject { put("k", 1) }
                }
                add(d)
                flush()
                d.id!!
            }
            db.transaction {
                val d = getOne<Document>(id)
                d.data shouldBe DocData("report", Meta(12, "ann"), listOf("a", "b"), true)
                d.extra!!.toString() shouldBe """{"k":1}"""
                d.data = d.data.copy(type = "memo") // reassigned: written
                d.tags.add("y") // in place: invisible to the snapshot ...
                runSync { s -> s.flagModified(d, "tags") } // ... until flagged
            }
            db.read {
                val d = getOne<Document>(id)
                d.data.type shouldBe "memo"
                d.tags shouldContainExactly listOf("x", "y")
                val stored = withConnection { c -> c.executeDriverSql("SELECT CAST(data AS TEXT) FROM js_documents").scalar<String>() }
                kotlinx.serialization.json.Json.parseToJsonElement(stored!!).jsonObject["type"] shouldBe JsonPrimitive("memo")
            }
        }
    }

    test("JSON path expressions in where, order by and select; nested paths, array index, number/boolean; array contains") {
        jsonDatabase(url()) { db ->
            db.transaction {
                add(Document("a").apply { data = DocData("report", Meta(30), listOf("x", "y"), true); tags = mutableListOf("red", "blue") })
                add(Document("b").apply { data = DocData("report", Meta(5), listOf("z")); tags = mutableListOf("green") })
                add(Document("c").apply { data = DocData("memo", Meta(50, "bob")); tags = mutableListOf("red") })
            }
            db.read {
                select<Document>().where(Document::data.json("type") eq "report").orderBy(Document::data.json("meta", "pages").asLong().desc())
                    .list().map { it.title } shouldContainExactly listOf("a", "b")
                select<Document>().where(Document::data.json("meta", "pages") gt 10).list().map { it.title } shouldContainExactly listOf("a", "c")
                select<Document>().where(Document::data.json("items", 0).asText().eq("z")).single().title shouldBe "b"
                select<Document>().where(Document::data.json("published") eq true).single().title shouldBe "a"
                select<Document>().where(Document::data.json("meta", "author").asText().isNotNull()).single().title shouldBe "c"
                select<Document>().where(Document::tags.json().arrayContains("red")).orderBy(Document::title).list().map { it.title } shouldContainExactly
                    listOf("a", "c")
                selectRows(Document::title, Document::data.json("meta", "pages").asLong().label("pages")).orderBy(Document::title).list()
                    .map { it.get("pages") } shouldContainExactly listOf(30L, 5L, 50L)
                select(Document::title).where(Document::data.json("items").arrayLength().ge(2L)).list() shouldContainExactly listOf("a")
            }
        }
    }

    test("rows decode into @Serializable classes: labels, counts, nullable fields, defaults, nested JSON; clear errors") {
        jsonDatabase(url()) { db ->
            db.transaction {
                val ann = Member("ann@x", "Ann").apply { settings = Settings("dark"); nickname = "annie" }
                val bob = Member("bob@x", "Bob")
                add(ann)
                add(bob)
                flush()
                add(Note(ann.id!!, "one"))
                add(Note(ann.id!!, "two"))
            }
            db.read {
                selectRows(Member::id, Member::email, Member::nickname, count(Note::id).label("postCount"))
                    .leftJoin(Note::class).groupBy(Member::id).orderBy(Member::id).decodeAs<MemberResponse>() shouldContainExactly listOf(
                    MemberResponse(1, "ann@x", 2, "annie"),
                    MemberResponse(2, "bob@x", 0, null),
                )
                selectRows(Member::id, Member::name, Member::settings).orderBy(Member::id).decodeAs<MemberWithSettings>()
                    .map { it.settings.theme } shouldContainExactly listOf("dark", "light")
                shouldThrow<DataError> { selectRows(Member::id, Member::name).decodeAs<MemberWithSettings>() }.message shouldContain
                    "no column for required field 'settings'"
                shouldThrow<DataError> { selectRows(Member::name.column.label("id"), Member::name, Member::settings).decodeAs<MemberWithSettings>() }
                    .message shouldContain "field 'id' expects a number"
            }
        }
    }

    test("entities convert to and from DTOs without hand-written copying") {
        jsonDatabase(url()) { db ->
            val created = db.transaction {
                val m = MemberCreate("new@x", "New").toEntity<Member, MemberCreate>()
                m.settings shouldBe Settings("dark")
                add(m)
                flush()
                m
            }
            created.toDto<MemberWithSettings>() shouldBe MemberWithSettings(created.id!!, "New", Settings("dark"))
        }
    }
})

class FileJsonSpec : JsonContract({ "jdbc:sqlite:" + Files.createTempDirectory("kalchemy-json").resolve("db") })

class PostgresJsonSpec : JsonContract({ io.kalchemy.engine.EmbeddedPostgresServer.freshDatabaseUrl() })

/** SQLite-only JSON cases: malformed text already in the file, and a long stream of DTOs. */
class JsonSpec : FunSpec({
    test("JSON columns on Core tables, and a malformed document names its table, column and key") {
        Engine.create("jdbc:sqlite::memory:").use { engine ->
            val md = MetaData()
            val t = md.table("core_docs")
            val id = t.column("id", io.kalchemy.types.SqlTypes.LONG).primaryKey()
            val settings = t.column("settings", JsonType(Settings.serializer()))
            engine.createAll(md)
            engine.inTransaction { c -> c.execute(Sql.insert(t).value(id, 7L).value(settings, Settings("dark", false))) }
            engine.connect().use { c ->
                c.scalar<Settings>(Sql.select(settings).where(id.eq(7L))) shouldBe Settings("dark", false)
                c.executeDriverSql("UPDATE core_docs SET settings = '{not json' WHERE id = 7")
                val e = shouldThrow<DataError> { c.execute(Sql.select(id, settings)).all() }
                e.message shouldContain "core_docs.settings"
                e.message shouldContain "id=7"
                e.message shouldContain "malformed JSON"
            }
        }
    }

    test("a 100,000-row Flow of DTOs decodes while streaming") {
        jsonDatabase { db ->
            db.transaction { (1..100_000).forEach { add(Member("m$it@x", "M$it")) } }
            val flow = db.decodeStream<MemberWithSettings>(selectRows(Member::id, Member::name, Member::settings), yieldPer = 2000)
            flow.fold(0L) { acc, m -> acc + m.id } shouldBe (1..100_000L).sum()
            db.read { selectRows(Member::id, Member::name, Member::settings).decodeStream<MemberWithSettings>(500).count() } shouldBe 100_000
        }
    }

})
