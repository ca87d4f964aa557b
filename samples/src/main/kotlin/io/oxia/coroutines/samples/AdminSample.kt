package io.oxia.coroutines.samples

import io.oxia.coroutines.NamespaceNotFoundException
import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.admin.NamespaceAlreadyExistsException
import io.oxia.coroutines.admin.NamespaceConfig
import io.oxia.coroutines.admin.OxiaAdminClient
import io.oxia.coroutines.get
import io.oxia.coroutines.put
import kotlinx.coroutines.delay
import kotlinx.coroutines.withTimeout

/**
 * Administers a cluster through its coordinator (Oxia v0.16 and later): lists the data servers,
 * creates a namespace and writes to it at once, splits its shard in the middle, then deletes it.
 *
 * Needs a coordinator: [RunAllSamples] runs it only when `OXIA_ADMIN_ADDRESS` names one (its `-p`
 * address) and `OXIA_ADDRESS` a data server of the same cluster; the standalone server the samples
 * start by default has no coordinator.
 */
suspend fun adminSample(adminAddress: String, dataAddress: String) {
    println("== admin of the coordinator at $adminAddress")
    OxiaAdminClient.connect(adminAddress).use { admin ->
        admin.listDataServers().forEach {
            println(
                "  data server ${it.dataServer.name} at ${it.dataServer.publicAddress}: ${it.state}"
            )
        }

        val name = "admin-sample"
        try {
            admin.createNamespace(
                NamespaceConfig(name, initialShardCount = 1, replicationFactor = 1)
            )
        } catch (e: NamespaceAlreadyExistsException) {
            println("  namespace $name is left over from an earlier run; using it")
        }
        OxiaClient.connect(dataAddress) { namespace = name }
            .use { client ->
                client.put("greeting", "hello".encodeToByteArray())
                check("hello", client.get("greeting")?.value?.decodeToString(), "value read back")
            }

        val parent = admin.getNamespace(name).shards.first()
        val split = admin.splitShard(name, parent.id)
        println(
            "  shard ${parent.id} splits into ${split.leftChildShard} and ${split.rightChildShard}"
        )
        withTimeout(30_000) {
            while (parent.id in admin.getNamespace(name).shards.map { it.id }) delay(200)
        }
        check(
            setOf(split.leftChildShard, split.rightChildShard),
            admin.getNamespace(name).shards.map { it.id }.toSet(),
            "shards after the split",
        )

        admin.deleteNamespace(name)
        val gone =
            try {
                admin.getNamespace(name)
                false
            } catch (e: NamespaceNotFoundException) {
                true
            }
        check(true, gone, "namespace deleted")
    }
}
