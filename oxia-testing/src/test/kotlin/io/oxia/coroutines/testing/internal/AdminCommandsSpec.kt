package io.oxia.coroutines.testing.internal

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainInOrder
import io.kotest.matchers.collections.shouldNotContain
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.oxia.coroutines.testing.OxiaNamespace
import io.oxia.coroutines.testing.OxiaSecurity
import io.oxia.coroutines.testing.OxiaServerException
import java.io.File
import java.nio.file.Files
import java.time.Duration

/**
 * How the kit sets a cluster up through `oxia admin` (v0.17 on) and how it tells such a binary from
 * an older one, with fake binaries: shell scripts that log their arguments.
 */
class AdminCommandsSpec :
    FunSpec({
        val dir = Files.createTempDirectory("oxia-admin-spec-").toFile()
        afterSpec { dir.deleteRecursively() }

        fun script(name: String, body: String): String =
            File(dir, name)
                .apply {
                    writeText("#!/bin/sh\n$body\n")
                    setExecutable(true)
                }
                .path

        test("a binary with `admin dataserver create` is set up through the admin API") {
            AdminCommands.supported(script("new", "exit 0")) shouldBe true
            AdminCommands.supported(script("old", "echo 'unknown command'; exit 1")) shouldBe false
            shouldThrow<OxiaServerException> { AdminCommands.supported(File(dir, "missing").path) }
                .message shouldContain "could not run"
        }

        test("servers, then namespaces with every option, against the coordinator's admin port") {
            val calls = File(dir, "calls.txt")
            val binary = script("oxia", "echo \"$@\" >> ${calls.path}")
            val namespaces = listOf(OxiaNamespace("default"), OxiaNamespace("quiet", 1, 2, false))
            val layout = ClusterLayout(binary, dir, 2, namespaces, false, OxiaSecurity.NONE, true)
            layout.createThroughAdmin()
            val admin = "admin --admin-address ${layout.coordinatorAdmin}"
            val s = layout.servers
            calls.readLines() shouldBe
                listOf(
                    "$admin dataserver create server-1 --public ${s[0].public} --internal ${s[0].internal}",
                    "$admin dataserver create server-2 --public ${s[1].public} --internal ${s[1].internal}",
                    "$admin namespace create default --initial-shards 3 --replication-factor 3 --notifications=true",
                    "$admin namespace create quiet --initial-shards 1 --replication-factor 2 --notifications=false",
                )
            File(dir, "admin.log").readText() shouldContain "dataserver create server-1"
        }

        test("the coordinator gets an admin address and no cluster.yaml; older ones keep theirs") {
            val namespaces = listOf(OxiaNamespace("default", 1, 1))
            val v17 = ClusterLayout("oxia", dir, 1, namespaces, false, OxiaSecurity.NONE, true)
            v17.coordinatorCommand() shouldNotContain "--conf"
            v17.coordinatorCommand() shouldContainInOrder listOf("-p", v17.coordinatorAdmin)
            val v14 = ClusterLayout("oxia", dir, 1, namespaces, false, OxiaSecurity.NONE)
            v14.coordinatorCommand() shouldContainInOrder listOf("--conf", v14.configFile.path)
            v14.coordinatorCommand() shouldNotContain "-p"
        }

        test("a failing command is retried, then reported with its output") {
            val binary = script("failing", "echo \"namespace is invalid: boom\" >&2; exit 1")
            val admin =
                AdminCommands(binary, "127.0.0.1:1", File(dir, "f.log"), Duration.ofMillis(700))
            val e = shouldThrow<OxiaServerException> { admin.createNamespace(OxiaNamespace("x")) }
            e.message shouldContain "namespace create x"
            e.message shouldContain "attempts (last exit: 1)"
            e.message shouldContain "namespace is invalid: boom"
        }

        test("a retry that finds the object already there counts as done") {
            val marker = File(dir, "first-done")
            val binary =
                script(
                    "lost-answer",
                    "if [ -e ${marker.path} ]; then echo 'data server \"s\" already exists'; exit 1; fi\n" +
                        "touch ${marker.path}; echo 'deadline exceeded'; exit 1",
                )
            AdminCommands(binary, "127.0.0.1:1", File(dir, "r.log"))
                .createDataServer("s", "127.0.0.1:2", "127.0.0.1:3")
        }
    })
