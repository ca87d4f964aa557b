package io.oxia.coroutines.testing.internal

import io.oxia.coroutines.testing.OxiaServerException
import java.nio.channels.FileChannel
import java.nio.file.Path
import java.nio.file.StandardOpenOption
import java.time.Duration

/**
 * Serialises builds of one version across threads and across JVMs (parallel test forks, CI steps),
 * so that the binary is built once. Waiting is bounded: a holder that outlives [maxWait] is
 * reported, not waited for forever. The operating system releases the lock of a process that dies.
 */
internal object BuildLock {
    private val inThisJvm = Any()

    /**
     * Runs [action] while holding the lock file [lockFile].
     *
     * @throws OxiaServerException when another process holds it for longer than [maxWait].
     */
    fun <T> withLock(lockFile: Path, maxWait: Duration, action: () -> T): T =
        // The file lock belongs to the whole JVM; the monitor keeps this JVM's threads apart.
        synchronized(inThisJvm) {
            FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE).use {
                channel ->
                val deadline = System.nanoTime() + maxWait.toNanos()
                var lock = channel.tryLock()
                while (lock == null) {
                    if (System.nanoTime() > deadline) {
                        throw OxiaServerException(
                            "Another process has held the Oxia build lock $lockFile for over " +
                                "${maxWait.toMinutes()} min; wait for it to finish or stop it, or set OXIA_BINARY " +
                                "(or -Doxia.binary) to the path of an Oxia server binary."
                        )
                    }
                    Thread.sleep(POLL_MILLIS)
                    lock = channel.tryLock()
                }
                lock.use { action() }
            }
        }

    private const val POLL_MILLIS = 500L
}
