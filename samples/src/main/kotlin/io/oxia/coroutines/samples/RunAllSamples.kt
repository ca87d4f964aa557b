package io.oxia.coroutines.samples

import io.oxia.coroutines.KeySorting
import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.testing.OxiaStandalone
import kotlin.system.exitProcess
import kotlinx.coroutines.runBlocking

/**
 * Runs every sample against the Oxia at `OXIA_ADDRESS`, or, when it is not set, against a local
 * standalone Oxia started for the run (see oxia-testing for how the server binary is found or
 * built). The admin sample runs only when `OXIA_ADMIN_ADDRESS` names the cluster's coordinator.
 * Exits non-zero when a sample's check fails.
 */
object RunAllSamples {
    @JvmStatic
    fun main(args: Array<String>) {
        val external = System.getenv("OXIA_ADDRESS")
        val server = if (external == null) OxiaStandalone.start(shards = 3) else null
        val address = external ?: server!!.serviceAddress
        try {
            runBlocking {
                val sorting = sortingOf(server)
                shardMapSample(address)
                OxiaClient.connect(address) { keySorting = sorting }
                    .use { client ->
                        crudSample(client)
                        indexAndLookupSample(client)
                        workQueueSample(client)
                        streamsSample(client)
                    }
                sessionSample(address) { keySorting = sorting }
                JavaSample.run(address, sorting)
                JavaStreamsSample.run(address, sorting)
                recipesSample(address, sorting)
                JavaRecipesSample.run(address, sorting)
                if (sorting == KeySorting.HIERARCHICAL) tours(address)
                else println("== README tours skipped: they expect a server of v0.15 or later")
                // Needs a coordinator, which the default standalone server lacks.
                System.getenv("OXIA_ADMIN_ADDRESS")?.let { adminSample(it, address) }
                    ?: println("== admin sample skipped: OXIA_ADMIN_ADDRESS names no coordinator")
            }
            println("All samples passed.")
        } catch (e: Exception) {
            e.printStackTrace()
            exitProcess(1)
        } finally {
            server?.close()
        }
    }

    /** The README's tours, as written there (ReadmeToursSpec keeps the README in step). */
    private suspend fun tours(address: String) {
        println("== README: the Kotlin tour")
        checkPrints("the Kotlin tour's output", KOTLIN_TOUR_PRINTS) { kotlinTour(address) }
        println("== README: the Java tour")
        checkPrints("the Java tour's output", JAVA_TOUR_PRINTS) { JavaTour.run(address) }
    }

    private val KOTLIN_TOUR_PRINTS =
        listOf(
            "hello",
            "null",
            "/tour/users/7",
            "/tour/temp/12",
            "true",
            "[/tour/temp/08, /tour/temp/12, /tour/temp/18]",
            "08:00 sunny",
            "12:00 sunny",
            "18:00 sunny",
            "KEY_CREATED",
        )

    private val JAVA_TOUR_PRINTS = listOf("0", "/tour-java/1", "[/tour-java/1, /tour-java/3]")

    private fun sortingOf(server: OxiaStandalone?): KeySorting =
        if (server != null && server.version.startsWith("v0.14")) KeySorting.SEGMENTED
        else KeySorting.HIERARCHICAL
}
