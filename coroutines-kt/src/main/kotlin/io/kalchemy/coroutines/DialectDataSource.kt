package io.kalchemy.coroutines

import io.kalchemy.dialect.Dialect
import java.io.PrintWriter
import java.sql.SQLFeatureNotSupportedException
import java.util.logging.Logger
import javax.sql.DataSource

/**
 * The connections of [url] as the dialect opens them (its driver check and URL handling), for
 * the connection pool to manage. Thread-safe.
 */
internal class DialectDataSource(private val dialect: Dialect, private val url: String) : DataSource {
    override fun getConnection(): java.sql.Connection = dialect.open(url)

    override fun getConnection(username: String?, password: String?): java.sql.Connection =
        throw SQLFeatureNotSupportedException("credentials go in the URL of ${dialect.name()}")

    override fun getLogWriter(): PrintWriter? = null
    override fun setLogWriter(out: PrintWriter?) {}
    override fun setLoginTimeout(seconds: Int) {}
    override fun getLoginTimeout(): Int = 0
    override fun getParentLogger(): Logger = throw SQLFeatureNotSupportedException()

    override fun <T : Any?> unwrap(iface: Class<T>): T =
        if (iface.isInstance(this)) iface.cast(this) else throw java.sql.SQLException("not a wrapper for $iface")

    override fun isWrapperFor(iface: Class<*>): Boolean = iface.isInstance(this)
}
