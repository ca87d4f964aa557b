package example

import io.oxia.coroutines.KeyComparison
import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.OxiaTimeoutException
import io.oxia.coroutines.Version
import io.oxia.coroutines.get
import io.oxia.coroutines.list
import io.oxia.coroutines.put
import kotlin.time.Duration.Companion.milliseconds
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking

/** Compiled, never called: the extension functions, results and flows a user reaches for. */
@Suppress("unused")
suspend fun typicalUse(client: OxiaClient): List<String> {
    val created = client.put("/a", "1", expectedVersionId = Version.KEY_NOT_EXISTS)
    client.get("/b", comparison = KeyComparison.FLOOR)?.valueAsString
    println(created.version.versionId)
    return client.list("/", "/~").toList()
}

/** Connects to a port nobody listens on: the library loads, runs and fails with its own exception. */
fun main() = runBlocking {
    try {
        OxiaClient.connect("127.0.0.1:1") { connectTimeout = 300.milliseconds }.shutdown()
        error("connected to a port nobody listens on")
    } catch (e: OxiaTimeoutException) {
        println("kotlin consumer (Kotlin ${KotlinVersion.CURRENT} standard library): ${e.message}")
    }
}
