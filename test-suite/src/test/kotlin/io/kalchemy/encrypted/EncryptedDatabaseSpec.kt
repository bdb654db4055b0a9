package io.kalchemy.encrypted

import io.kalchemy.coroutines.ChaCha20
import io.kalchemy.coroutines.CoPost
import io.kalchemy.coroutines.CoUser
import io.kalchemy.coroutines.Counter
import io.kalchemy.coroutines.Database
import io.kalchemy.coroutines.SqlCipher
import io.kalchemy.coroutines.select
import io.kalchemy.dialect.Encryption
import io.kalchemy.dialect.sqlite.SqliteEncryption
import io.kalchemy.errors.ArgumentError
import io.kalchemy.errors.EncryptionError
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldStartWith
import java.nio.file.Files
import java.nio.file.Path
import java.sql.DriverManager
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope

private const val MARKER = "plaintext-marker"

/** True when [file] (and its WAL, if any) holds no trace of [text] and does not start with SQLite's plain header. */
private fun unreadable(file: Path, text: String = MARKER): Boolean {
    val bytes = Files.readAllBytes(file)
    val wal = Path.of("$file-wal").takeIf { Files.exists(it) }?.let { Files.readAllBytes(it) } ?: ByteArray(0)
    val plainHeader = bytes.size >= 16 && String(bytes, 0, 16, Charsets.ISO_8859_1) == "SQLite format 3\u0000"
    return !plainHeader && !String(bytes, Charsets.ISO_8859_1).contains(text) && !String(wal, Charsets.ISO_8859_1).contains(text)
}

private suspend fun userCount(file: Path, encryption: Encryption?): Long {
    val db = Database.open("jdbc:sqlite:$file") { this.encryption = encryption }
    try {
        return db.read { select<CoUser>().count() }
    } finally {
        db.shutdown()
    }
}

/**
 * Encrypted SQLite files, run by the `encrypted` Surefire execution with the SQLite3MultipleCiphers
 * driver in place of xerial's (the refusals without it are in `EncryptionRefusalSpec`).
 */
class EncryptedDatabaseSpec : FunSpec({
    timeout = 120_000L

    test("this execution runs the cipher build of the driver") {
        DriverManager.getConnection("jdbc:sqlite::memory:").use { c ->
            c.createStatement().executeQuery("SELECT sqlite3mc_version()").use { rs -> rs.next(); rs.getString(1) } shouldStartWith
                "SQLite3 Multiple Ciphers"
        }
    }

    test("a SQLCipher 4 file written by concurrent writers and readers, with group commit, is unreadable without its key") {
        val file = Files.createTempDirectory("kalchemy-enc").resolve("app.db")
        val key = SqlCipher("correct horse battery staple")
        val db = Database.open("jdbc:sqlite:$file") { encryption = key; groupCommit = true; readers = 3 }
        try {
            db.createAll(CoUser::class, CoPost::class, Counter::class)
            coroutineScope {
                val writers = (1..4).map { w ->
                    async(Dispatchers.Default) { repeat(25) { i -> db.transaction { add(CoUser("$MARKER-$w-$i@example.com", "Writer $w")) } } }
                }
                val readers = (1..3).map { async(Dispatchers.Default) { repeat(20) { db.read { select<CoUser>().count() } } } }
                (writers + readers).awaitAll()
            }
            db.read { select<CoUser>().count() } shouldBe 100L
            unreadable(file) shouldBe true // the WAL holds the latest pages, encrypted too
            db.outsideTransaction { c ->
                fun pragma(name: String) = c.executeDriverSql("PRAGMA $name").first()!!.get(0).toString()
                pragma("cipher") shouldBe "sqlcipher"
                pragma("kdf_iter") shouldBe "256000"
                pragma("page_size") shouldBe "4096"
                pragma("journal_mode") shouldBe "wal"
            }
        } finally {
            db.shutdown()
        }
        unreadable(file) shouldBe true
        userCount(file, SqlCipher("correct horse battery staple")) shouldBe 100L
        shouldThrow<EncryptionError> { userCount(file, SqlCipher("wrong horse")) }.message shouldContain "wrong key or cipher settings"
        shouldThrow<EncryptionError> { userCount(file, SqlCipher("correct horse battery staple", legacy = 3)) }.message shouldContain "wrong key"
        shouldThrow<EncryptionError> { userCount(file, null) }.message shouldContain "the file is encrypted"
    }

    test("ChaCha20 with a key given as bytes; rekey; a plain copy; a plain file encrypted in place; a plain file opened with a key") {
        val dir = Files.createTempDirectory("kalchemy-enc")
        val file = dir.resolve("chacha.db")
        val first = ChaCha20(byteArrayOf(1, 2, 3, 4, 5, 6, 7, 8, 0, -1))
        val db = Database.open("jdbc:sqlite:$file") { encryption = first }
        try {
            db.createAll(CoUser::class, CoPost::class, Counter::class)
            db.transaction { add(CoUser("$MARKER@example.com", "Ann")) }
            db.outsideTransaction { c -> c.executeDriverSql("PRAGMA cipher").first()!!.get(0) } shouldBe "chacha20"
        } finally {
            db.shutdown()
        }
        unreadable(file) shouldBe true

        val second = ChaCha20("a new passphrase")
        SqliteEncryption.rekey(file, first, second)
        shouldThrow<EncryptionError> { userCount(file, first) }
        userCount(file, second) shouldBe 1L
        shouldThrow<ArgumentError> { SqliteEncryption.rekey(file, second, SqlCipher("x")) }.message shouldContain "keeps the scheme"

        val plain = dir.resolve("plain.db")
        SqliteEncryption.decrypt(file, second, plain)
        String(Files.readAllBytes(plain), 0, 15, Charsets.ISO_8859_1) shouldBe "SQLite format 3"
        userCount(plain, null) shouldBe 1L
        shouldThrow<EncryptionError> { userCount(plain, second) }.message shouldContain "is a plain, unencrypted SQLite database"

        SqliteEncryption.encrypt(plain, SqlCipher("now encrypted", legacy = 3))
        unreadable(plain) shouldBe true
        userCount(plain, SqlCipher("now encrypted", legacy = 3)) shouldBe 1L
        userCount(file, second) shouldBe 1L // the source of the copy is unchanged
    }
})

/** The reliability crash test (SIGKILL of a writing child JVM) on a SQLCipher 4 file. */
class EncryptedCrashSafetySpec : FunSpec({
    test("SIGKILL at random moments on an encrypted file loses no acknowledged transaction and leaves none half-applied") {
        val file = io.kalchemy.reliability.ReliabilityScale.tempDb("crash-encrypted.db")
        io.kalchemy.reliability.crashSafety(file, "crash test passphrase")
        unreadable(file, "crash") shouldBe true
    }
})

/** Migrations on an encrypted file: through the facade, and with the command line taking its key from the environment. */
class EncryptedMigrationSpec : FunSpec({
    test("the migration command line upgrades an encrypted file with the key from an environment variable") {
        val dir = Files.createTempDirectory("kalchemy-enc")
        val versions = Files.createDirectories(dir.resolve("versions"))
        Files.writeString(versions.resolve("0001_notes.sql"), "-- revision: 0001\n-- parent: none\n-- upgrade\nCREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);\n" +
            "INSERT INTO notes (body) VALUES ('$MARKER in a migration');\n-- downgrade\nDROP TABLE notes;\n")
        val file = dir.resolve("app.db")
        fun cli(vararg args: String): Pair<Int, String> {
            val javaCommand = ProcessHandle.current().info().command().orElse("java")
            val pb = ProcessBuilder(listOf(javaCommand, "-cp", System.getProperty("java.class.path"), "io.kalchemy.migrate.MigrationCommand") + args)
                .redirectErrorStream(true)
            pb.environment()["APP_DB_KEY"] = "migration passphrase"
            val p = pb.start()
            val out = p.inputStream.bufferedReader().readText()
            p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) shouldBe true
            return p.exitValue() to out
        }
        val (code, out) = cli("--url", "jdbc:sqlite:$file", "--dir", versions.toString(), "--key-env", "APP_DB_KEY", "upgrade")
        withClue(out) { code shouldBe 0 }
        out shouldContain "upgraded to 0001"
        unreadable(file) shouldBe true
        val db = Database.open("jdbc:sqlite:$file") { encryption = SqlCipher("migration passphrase") }
        try {
            db.migrationVersion(versions) shouldBe "0001"
        } finally {
            db.shutdown()
        }
        cli("--url", "jdbc:sqlite:$file", "--dir", versions.toString(), "--key-env", "NO_SUCH_VARIABLE", "current").first shouldBe 2
        val (plainCode, plainOut) = cli("--url", "jdbc:sqlite:$file", "--dir", versions.toString(), "current")
        plainCode shouldBe 1
        plainOut shouldContain "the file is encrypted"
    }
})
