package io.oxia.coroutines.internal.logging

import org.slf4j.Logger
import org.slf4j.LoggerFactory

/**
 * The client's loggers, one per concern, so that an application can tune each one: INFO for
 * connects, closes, shard-map changes and leader moves; WARN for a stream lost (once per incident,
 * see [Incident]), a session expired, credentials refused; DEBUG for retries. Nothing is logged on
 * the path of an operation that succeeds, and no message holds a token, key or value.
 */
internal object ClientLogs {
    /** Connect and close. */
    val client: Logger = LoggerFactory.getLogger("io.oxia.coroutines.client")

    /** The shard map: its changes, leader moves, and the stream that brings it. */
    val shardMap: Logger = LoggerFactory.getLogger("io.oxia.coroutines.shardmap")

    /** Each shard's write stream. */
    val writes: Logger = LoggerFactory.getLogger("io.oxia.coroutines.writes")

    /** Sessions of ephemeral records: expired, recreated. */
    val sessions: Logger = LoggerFactory.getLogger("io.oxia.coroutines.sessions")

    /** Notification streams. */
    val notifications: Logger = LoggerFactory.getLogger("io.oxia.coroutines.notifications")

    /** Operations retried after a retryable failure (DEBUG). */
    val retries: Logger = LoggerFactory.getLogger("io.oxia.coroutines.retries")
}
