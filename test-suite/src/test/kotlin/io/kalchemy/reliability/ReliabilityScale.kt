package io.kalchemy.reliability

import java.nio.file.Files
import java.nio.file.Path

/** Short versions run in `mvn verify`; `-Dkalchemy.reliability.long=true` runs the long ones. */
object ReliabilityScale {
    val long: Boolean = System.getProperty("kalchemy.reliability.long") == "true"
    fun pick(short: Int, long: Int) = if (this.long) long else short

    /** Starts a JVM running [mainClass] with this test JVM's classpath. */
    fun childJvm(mainClass: String, vararg args: String): Process {
        val java = ProcessHandle.current().info().command().orElse("java")
        return ProcessBuilder(listOf(java, "-cp", System.getProperty("java.class.path"), mainClass) + args)
            .redirectError(ProcessBuilder.Redirect.DISCARD).start()
    }

    fun tempDb(name: String): Path = Files.createTempDirectory("kalchemy-rel").resolve(name)
}
