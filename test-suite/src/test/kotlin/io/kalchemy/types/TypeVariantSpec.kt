package io.kalchemy.types

import io.kalchemy.engine.Backend
import io.kalchemy.engine.withEngine
import io.kalchemy.errors.ArgumentError
import io.kalchemy.errors.DataError
import io.kalchemy.schema.MetaData
import io.kalchemy.sql.Sql.insert
import io.kalchemy.sql.Sql.select
import io.kalchemy.sql.Sql.text
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.sql.PreparedStatement
import java.sql.ResultSet
import java.sql.Types
import java.util.UUID

/** UUIDs as 36-character text with dashes (SQLAlchemy's `String(36)` variant for SQLite). */
private object DashedUuid : SqlType<UUID> {
    override fun javaType(): Class<UUID> = UUID::class.java
    override fun ddl() = "VARCHAR(36)"
    override fun bind(statement: PreparedStatement, index: Int, value: UUID?) =
        if (value == null) statement.setNull(index, Types.VARCHAR) else statement.setString(index, value.toString())
    override fun read(row: ResultSet, index: Int): UUID? = row.getString(index)?.let {
        try {
            UUID.fromString(it)
        } catch (e: IllegalArgumentException) {
            throw DataError("not a dashed UUID: '$it'")
        }
    }
}

/** Text stored reversed: only so that a decorator over it shows which storage it went through. */
private object ReversedText : SqlType<String> {
    override fun javaType(): Class<String> = String::class.java
    override fun ddl() = "REVERSED_TEXT"
    override fun bind(statement: PreparedStatement, index: Int, value: String?) = statement.setString(index, value?.reversed())
    override fun read(row: ResultSet, index: Int): String? = row.getString(index)?.reversed()
}

private data class Tag(val name: String)

private class TagType(impl: SqlType<String>) : TypeDecorator<Tag, String>(Tag::class.java, impl) {
    override fun toDatabase(value: Tag): String = "#" + value.name
    override fun fromDatabase(value: String): Tag = Tag(value.removePrefix("#"))
}

/**
 * `withVariant`: one column declaration, stored the way the dialect it runs on chooses
 * (SQLAlchemy's `with_variant`); the dialect's type map picks the variant for its DDL, binds and reads.
 */
class TypeVariantSpec : FunSpec({
    for ((label, backend) in listOf("memory" to Backend.memory, "file" to Backend.file)) {
        test("a variant named for sqlite stores, declares and reads through the variant; one for another database changes nothing ($label)") {
            val metadata = MetaData()
            val t = metadata.table("tokens")
            val id = t.column("id", SqlTypes.LONG).primaryKey()
            val token = t.column("token", SqlTypes.UUID.withVariant(DashedUuid, "sqlite")).notNull()
            val other = t.column("other", SqlTypes.UUID.withVariant(DashedUuid, "postgresql"))
            val tag = t.column("tag", TagType(SqlTypes.TEXT.withVariant(ReversedText, "sqlite")))
            val u = UUID.fromString("0b8e2a4c-5f3d-4e1a-9c7b-2d6f8a1e3c5b")
            backend.withEngine { engine ->
                engine.createAll(metadata)
                engine.begin().use { c ->
                    c.execute(insert(t).value(token, u).value(other, u).value(tag, Tag("kotlin")))
                    c.commit()
                }
                engine.connect().use { c ->
                    val stored = c.execute(text("SELECT token, other, tag FROM tokens")).one()
                    stored.get(0) shouldBe u.toString()
                    stored.get(1) shouldBe u.toString().replace("-", "")
                    stored.get(2) shouldBe "niltok#"
                    val ddl = c.executeDriverSql("SELECT sql FROM sqlite_master WHERE name = 'tokens'").scalar<String>()
                    ddl shouldContain "token VARCHAR(36) NOT NULL"
                    ddl shouldContain "other CHAR(32)"
                    ddl shouldContain "tag REVERSED_TEXT"
                    val row = c.execute(select(id, token, other, tag).where(token.eq(u), tag.eq(Tag("kotlin")))).one()
                    row.get(token) shouldBe u
                    row.get(other) shouldBe u
                    row.get(tag) shouldBe Tag("kotlin")
                    c.execute(text("UPDATE tokens SET token = 'not-a-uuid'"))
                    shouldThrow<DataError> { c.execute(select(token)).one() }.message shouldContain "tokens.token"
                    c.rollback()
                }
            }
        }
    }

    test("a variant must hold the column's Java type and name a dialect") {
        @Suppress("UNCHECKED_CAST")
        val wrong = SqlTypes.TEXT as SqlType<UUID>
        shouldThrow<ArgumentError> { SqlTypes.UUID.withVariant(wrong, "sqlite") }.message shouldContain "holds String, but"
        shouldThrow<ArgumentError> { SqlTypes.UUID.withVariant(DashedUuid, " ") }.message shouldContain "dialect name"
        val both = SqlTypes.UUID.withVariant(DashedUuid, "sqlite").withVariant(DashedUuid, "postgresql")
        (both as VariantType<UUID>).variants().keys shouldBe setOf("sqlite", "postgresql")
        both.forDialect("mysql") shouldBe SqlTypes.UUID
    }
})
