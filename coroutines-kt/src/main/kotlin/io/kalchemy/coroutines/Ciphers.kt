package io.kalchemy.coroutines

import io.kalchemy.dialect.Encryption

/**
 * SQLCipher's file format, major version [legacy] (4, the default, or 3), with [key] as the
 * passphrase: `Database.open(url) { encryption = SqlCipher(key) }`. See [Encryption].
 *
 * @throws io.kalchemy.errors.ArgumentError when [legacy] is not 3 or 4, or [key] is empty
 */
@Suppress("FunctionName")
fun SqlCipher(key: String, legacy: Int = 4): Encryption = Encryption.sqlCipher(key, legacy)

/** SQLCipher's file format with the key bytes [key] (given to SQLite as hex) instead of a passphrase. */
@Suppress("FunctionName")
fun SqlCipher(key: ByteArray, legacy: Int = 4): Encryption = Encryption.sqlCipherHexKey(key, legacy)

/** ChaCha20-Poly1305, SQLite3MultipleCiphers' default scheme, with [key] as the passphrase. See [Encryption]. */
@Suppress("FunctionName")
fun ChaCha20(key: String): Encryption = Encryption.chaCha20(key)

/** ChaCha20-Poly1305 with the key bytes [key]. */
@Suppress("FunctionName")
fun ChaCha20(key: ByteArray): Encryption = Encryption.chaCha20HexKey(key)
