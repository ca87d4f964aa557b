package io.oxia.coroutines

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

/** Notification kinds are a closed enum that still carries what a newer server sends. */
class NotificationTypeSpec :
    FunSpec({
        test("each known wire value maps to its kind, any other to UNKNOWN") {
            (0..3).map { NotificationType.of(it) } shouldBe
                listOf(
                    NotificationType.KEY_CREATED,
                    NotificationType.KEY_MODIFIED,
                    NotificationType.KEY_DELETED,
                    NotificationType.KEY_RANGE_DELETED,
                )
            NotificationType.of(7) shouldBe NotificationType.UNKNOWN
            NotificationType.of(-1) shouldBe NotificationType.UNKNOWN
        }

        test("a notification of an unknown kind keeps the server's value") {
            val n = Notification(NotificationType.of(7), "/k", null, null, 1, 2, 3, wireType = 7)
            n.wireType shouldBe 7
            n.toString() shouldContain "UNKNOWN(7)"
            Notification(NotificationType.KEY_DELETED, "/k", null, null, 1, 2, 3).wireType shouldBe
                2
        }

        test("a when over the kinds needs no else") {
            fun describe(type: NotificationType): String =
                when (type) {
                    NotificationType.KEY_CREATED -> "created"
                    NotificationType.KEY_MODIFIED -> "modified"
                    NotificationType.KEY_DELETED -> "deleted"
                    NotificationType.KEY_RANGE_DELETED -> "range deleted"
                    NotificationType.UNKNOWN -> "unknown"
                }
            NotificationType.entries.map(::describe).toSet().size shouldBe 5
        }
    })
