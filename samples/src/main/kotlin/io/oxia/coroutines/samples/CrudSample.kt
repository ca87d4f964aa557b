package io.oxia.coroutines.samples

import io.oxia.coroutines.KeyAlreadyExistsException
import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.UnexpectedVersionException
import io.oxia.coroutines.Version
import io.oxia.coroutines.delete
import io.oxia.coroutines.get
import io.oxia.coroutines.put

/** Create, read, update and delete a record, with versions and conditional writes. */
suspend fun crudSample(client: OxiaClient) {
    println("== CRUD with versions")
    val created =
        client.put("/samples/crud/greeting", "hello", expectedVersionId = Version.KEY_NOT_EXISTS)
    check(0L, created.version.modificationsCount, "a new record has modifications count")

    val read = client.get("/samples/crud/greeting")
    check("hello", read?.valueAsString, "value read back")

    val updated =
        client.put(
            "/samples/crud/greeting",
            "hello again",
            expectedVersionId = created.version.versionId,
        )
    check(1L, updated.version.modificationsCount, "an overwrite increments the modifications count")

    val stale =
        try {
            client.put(
                "/samples/crud/greeting",
                "lost update",
                expectedVersionId = created.version.versionId,
            )
            "written"
        } catch (e: UnexpectedVersionException) {
            "rejected"
        }
    check("rejected", stale, "a write with a stale version")

    val duplicate =
        try {
            client.put(
                "/samples/crud/greeting",
                "again",
                expectedVersionId = Version.KEY_NOT_EXISTS,
            )
            "written"
        } catch (e: KeyAlreadyExistsException) {
            "rejected"
        }
    check("rejected", duplicate, "a create of an existing key")

    check(true, client.delete("/samples/crud/greeting"), "delete of an existing key")
    check(null, client.get("/samples/crud/greeting"), "a missing key reads as")
}
