package io.kalchemy.dialect

import io.kalchemy.coroutines.ChaCha20
import io.kalchemy.coroutines.CoUser
import io.kalchemy.coroutines.Database
import io.kalchemy.coroutines.SqlCipher
import io.kalchemy.engine.Engine
import io.kalchemy.engine.EngineOptions
import io.kalchemy.errors.ArgumentError
import io.kalchemy.errors.EncryptionError
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import java.nio.file.Files
import kotlin.random.Random

/**
 * With xerial's driver (which cannot encrypt) every way of asking for encryption is refused before
 * a file is written: nobody gets a plain file believing it encrypted. The encrypted side runs in
 * its own Surefire execution with the cipher driver (`io.kalchemy.encrypted`).
 */
class EncryptionRefusalSpec : FunSpec({
    test("encryption on a database is refused at first use, naming the driver to add, and no file is written") {
        val file = Files.createTempDirectory("kalchemy-enc").resolve("app.db")
        val db = Database.open("jdbc:sqlite:$file") { encryption = SqlCipher("s3cret-passphrase") }
        try {
            val e = shouldThrow<EncryptionError> { db.createAll(CoUser::class) }
            e.message shouldContain "io.github.willena:sqlite-jdbc"
            e.message shouldContain "would write a plain file"
            e.message shouldNotContain "s3cret"
        } finally {
            db.shutdown()
        }
        Files.exists(file) shouldBe false
    }

    test("a key given as a pragma or in the URL is refused too, and the key appears in no message") {
        val file = Files.createTempDirectory("kalchemy-enc").resolve("app.db")
        val asPragma = shouldThrow<EncryptionError> { Engine.create("jdbc:sqlite:$file", EngineOptions().pragma("key", "s3cret")) }
        asPragma.message shouldContain "encryption"
        shouldThrow<EncryptionError> { Database.open("jdbc:sqlite:$file") { pragma("cipher", "sqlcipher") } }
        val inUrl = shouldThrow<EncryptionError> {
            Engine.create("jdbc:sqlite:$file?cipher=sqlcipher&key=s3cret").use { it.connect().close() }
        }
        inUrl.message shouldContain "io.github.willena:sqlite-jdbc"
        inUrl.message shouldNotContain "s3cret"
        Files.exists(file) shouldBe false
    }

    test("an encrypted-looking file opened without a key says it is encrypted, not corrupt; memory and PostgreSQL refuse a key") {
        val file = Files.createTempDirectory("kalchemy-enc").resolve("enc.db")
        Files.write(file, Random(7).nextBytes(8192))
        val e = shouldThrow<EncryptionError> { Engine.create("jdbc:sqlite:$file").use { it.connect().close() } }
        e.message shouldContain "the file is encrypted (or not a SQLite database)"
        e.message shouldContain "SqlCipher(key)"
        shouldThrow<ArgumentError> {
            Engine.create("jdbc:sqlite::memory:", EngineOptions().encryption(ChaCha20("k"))).use { it.connect().close() }
        }.message shouldContain "in-memory SQLite database cannot be encrypted"
        shouldThrow<ArgumentError> {
            Engine.create(io.kalchemy.engine.EmbeddedPostgresServer.freshDatabaseUrl(), EngineOptions().encryption(SqlCipher("k"))).use { it.connect().close() }
        }.message shouldContain "postgresql databases cannot be encrypted by Kalchemy"
    }
})
