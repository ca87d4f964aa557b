package io.oxia.coroutines.it

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainAll
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.collections.shouldNotContain
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.oxia.coroutines.InvalidArgumentException
import io.oxia.coroutines.KeySorting
import io.oxia.coroutines.NamespaceNotFoundException
import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.OxiaException
import io.oxia.coroutines.admin.DataServerNotFoundException
import io.oxia.coroutines.admin.DataServerState
import io.oxia.coroutines.admin.NamespaceAlreadyExistsException
import io.oxia.coroutines.admin.NamespaceConfig
import io.oxia.coroutines.admin.OxiaAdminClient
import io.oxia.coroutines.get
import io.oxia.coroutines.put
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.delay
import kotlinx.coroutines.withTimeout

/**
 * The admin client against a real coordinator (Oxia v0.16+, where the cluster is set up through the
 * admin API): namespaces created, used, patched, split and deleted at run time; data servers
 * listed; the coordinator's refusals as typed exceptions.
 */
class AdminClientSpec :
    FunSpec({
        val cluster = cluster()
        val admin = lazy {
            val address = cluster.value.adminAddress
            withClue("the kit set up ${cluster.value.version} without the admin API") {
                address shouldNotBe null
            }
            OxiaAdminClient.connect(address!!) { requestTimeout = 20.seconds }
        }
        afterSpec { if (admin.isInitialized()) admin.value.shutdown() }

        suspend fun <T> dataClient(
            namespace: String,
            timeout: Duration = 20.seconds,
            block: suspend (OxiaClient) -> T,
        ): T =
            withClientOf(
                cluster.value.serviceAddress,
                cluster.value.version,
                {
                    this.namespace = namespace
                    requestTimeout = timeout
                    connectTimeout = timeout
                },
            ) {
                block(it)
            }

        /** Polls [check] every 200 ms until it holds, for at most [limit]. */
        suspend fun until(
            what: String,
            limit: Duration = 30.seconds,
            check: suspend () -> Boolean,
        ) {
            withClue("waited $limit for: $what") {
                withTimeout(limit) { while (!check()) delay(200) }
            }
        }

        test("a namespace created at run time serves a data client at once; list, get, patch")
            .config(enabledOrReasonIf = whereCoordinatorServesAdmin) {
                val config = NamespaceConfig("fresh", 2, 3, keySorting = KeySorting.NATURAL)
                val created = admin.value.createNamespace(config)
                created.name shouldBe "fresh"
                created.initialShardCount shouldBe 2
                created.keySorting shouldBe KeySorting.NATURAL

                dataClient("fresh") { client ->
                    client.put("k", "v".encodeToByteArray())
                    client.get("k")!!.value!!.decodeToString() shouldBe "v"
                }

                admin.value.listNamespaces().map { it.name } shouldContainAll
                    listOf("default", "fresh")
                val view = admin.value.getNamespace("fresh")
                view.config shouldBe created
                view.shards shouldHaveSize 2

                val patched = admin.value.patchNamespace("fresh", notificationsEnabled = false)
                patched.notificationsEnabled shouldBe false
                patched.replicationFactor shouldBe 3
                admin.value.getNamespace("fresh").config.notificationsEnabled shouldBe false
            }

        test("the coordinator's refusals are typed").config(
            enabledOrReasonIf = whereCoordinatorServesAdmin
        ) {
            val twice = NamespaceConfig("twice", 1, 1)
            admin.value.createNamespace(twice)
            shouldThrow<NamespaceAlreadyExistsException> { admin.value.createNamespace(twice) }
                .namespace shouldBe "twice"
            shouldThrow<NamespaceNotFoundException> { admin.value.getNamespace("missing") }
                .namespace shouldBe "missing"
            shouldThrow<NamespaceNotFoundException> { admin.value.deleteNamespace("missing") }
            shouldThrow<DataServerNotFoundException> { admin.value.getDataServer("missing") }
                .dataServer shouldBe "missing"
        }

        test("data servers: listed with their addresses and state, got by name").config(
            enabledOrReasonIf = whereCoordinatorServesAdmin
        ) {
            val servers = admin.value.listDataServers()
            servers.map { it.dataServer.publicAddress }.toSet() shouldBe
                cluster.value.publicAddresses.toSet()
            val first = servers.first()
            admin.value.getDataServer(first.dataServer.name).dataServer shouldBe first.dataServer
            until("every data server running") {
                admin.value.listDataServers().all { it.state == DataServerState.RUNNING }
            }
        }

        test(
                "shard splits, in the middle and at a hash point, make shards serving the parent's keys"
            )
            .config(enabledOrReasonIf = whereCoordinatorServesAdmin) {
                admin.value.createNamespace(NamespaceConfig("splitting", 1, 3))
                val keys = (1..20).map { "key-$it" }
                dataClient("splitting") { client ->
                    keys.forEach { client.put(it, it.encodeToByteArray()) }
                }
                val parent = admin.value.getNamespace("splitting").shards.single()
                until("the parent shard in steady state") {
                    admin.value.getNamespace("splitting").shards.single().status == "SteadyState"
                }

                val split = admin.value.splitShard("splitting", parent.id)

                until("the parent gone and both children present") {
                    val ids = admin.value.getNamespace("splitting").shards.map { it.id }
                    parent.id !in ids &&
                        ids.containsAll(listOf(split.leftChildShard, split.rightChildShard))
                }
                val shards = admin.value.getNamespace("splitting").shards
                shards shouldHaveSize 2
                shards.map { it.id } shouldNotContain parent.id
                shards.first().hashRangeMin shouldBe parent.hashRangeMin
                shards.last().hashRangeMax shouldBe parent.hashRangeMax
                dataClient("splitting") { client ->
                    keys.forEach { client.get(it)!!.value!!.decodeToString() shouldBe it }
                }

                // A hash point above 2^31 travels as an unsigned 32-bit value.
                val right = shards.single { it.id == split.rightChildShard }
                until("the right child in steady state") {
                    admin.value.getNamespace("splitting").shards.any {
                        it.id == right.id && it.status == "SteadyState"
                    }
                }
                val point = 3L shl 30
                val again = admin.value.splitShard("splitting", right.id, point)
                until("the right child split at $point") {
                    val ids = admin.value.getNamespace("splitting").shards.map { it.id }
                    right.id !in ids && again.leftChildShard in ids
                }
                val after = admin.value.getNamespace("splitting").shards
                after shouldHaveSize 3
                after.single { it.id == again.leftChildShard }.hashRangeMax shouldBe point

                shouldThrow<InvalidArgumentException> {
                    admin.value.splitShard("splitting", parent.id)
                }
                shouldThrow<NamespaceNotFoundException> { admin.value.splitShard("missing", 0) }
                dataClient("splitting") { client ->
                    keys.forEach { client.get(it)!!.value!!.decodeToString() shouldBe it }
                }
            }

        test("a deleted namespace is gone for data clients").config(
            enabledOrReasonIf = whereCoordinatorServesAdmin
        ) {
            admin.value.createNamespace(NamespaceConfig("doomed", 1, 3))
            dataClient("doomed") { it.put("k", "v".encodeToByteArray()) }

            admin.value.deleteNamespace("doomed").name shouldBe "doomed"

            admin.value.listNamespaces().map { it.name } shouldNotContain "doomed"
            shouldThrow<NamespaceNotFoundException> { admin.value.getNamespace("doomed") }
            // Until the servers have dropped the namespace's shards, a client may still connect
            // and time out; then it is refused at connect.
            val seen = mutableListOf<String>()
            withClue("failures seen: $seen") {
                until(
                    "a data client of the deleted namespace fails with NamespaceNotFound",
                    90.seconds,
                ) {
                    try {
                        dataClient("doomed", timeout = 5.seconds) { it.get("k") }
                        seen += "a get that succeeded"
                        false
                    } catch (e: OxiaException) {
                        seen += e.javaClass.simpleName
                        e is NamespaceNotFoundException
                    }
                }
            }
            println("AdminClientSpec: a data client of a deleted namespace saw $seen")
            seen.last() shouldBe "NamespaceNotFoundException"
        }
    })
