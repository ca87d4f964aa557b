package io.oxia.coroutines.samples

import io.oxia.coroutines.KeyComparison
import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.SecondaryIndex
import io.oxia.coroutines.get
import io.oxia.coroutines.put

/**
 * Secondary indexes (find a user by e-mail) and floor/ceiling lookups (the reading in force at a
 * given time).
 */
suspend fun indexAndLookupSample(client: OxiaClient) {
    println("== secondary indexes and floor/ceiling lookups")
    client.put(
        "/samples/users/42",
        "Ada",
        secondaryIndexes = listOf(SecondaryIndex("email", "ada@example.com")),
    )
    val user = client.get("ada@example.com", secondaryIndexName = "email")
    check("/samples/users/42", user?.key, "user found by e-mail")

    for (hour in listOf("08", "12", "18")) client.put(
        "/samples/readings/$hour",
        "reading at $hour:00",
    )
    check(
        "/samples/readings/12",
        client.get("/samples/readings/15", comparison = KeyComparison.FLOOR)?.key,
        "floor of 15:00",
    )
    check(
        "/samples/readings/18",
        client.get("/samples/readings/15", comparison = KeyComparison.CEILING)?.key,
        "ceiling of 15:00",
    )
    check(
        "/samples/readings/08",
        client.get("/samples/readings/12", comparison = KeyComparison.LOWER)?.key,
        "lower than 12:00",
    )
}
