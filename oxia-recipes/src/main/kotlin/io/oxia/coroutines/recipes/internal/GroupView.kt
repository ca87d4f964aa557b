package io.oxia.coroutines.recipes.internal

import io.oxia.coroutines.Notification
import io.oxia.coroutines.NotificationType
import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.get
import io.oxia.coroutines.notifications
import io.oxia.coroutines.rangeScan
import io.oxia.coroutines.recipes.Member
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.channelFlow
import kotlinx.coroutines.flow.conflate
import kotlinx.coroutines.flow.distinctUntilChanged
import kotlinx.coroutines.launch

/**
 * The members of the group [keys], then the members after each change. The group's changes are
 * subscribed to before it is read, so none is missed: a change the subscription reports is applied
 * after the read by reading its key again, which gives a state at least as new as the change.
 * Changes that have already arrived are all applied before the next set is sent, so that a record
 * deleted and written again before the read does not flicker. Conflated; completes when the client
 * closes.
 */
internal fun OxiaClient.groupMembers(keys: GroupKeys): Flow<Set<Member>> = channelFlow {
    val changes = Channel<Notification>(Channel.UNLIMITED)
    val established = CompletableDeferred<Unit>()
    launch {
        try {
            notifications(keyPrefix = keys.prefix) { established.complete(Unit) }
                .collect { if (keys.idOf(it.key) != null || it.isRange) changes.send(it) }
        } finally {
            changes.close()
        }
    }
    established.await()
    val members = HashMap<String, Member>()
    readAll(keys, members)
    send(members.values.toSet())
    for (first in changes) {
        var change: Notification? = first
        while (change != null) {
            applyChange(keys, members, change)
            change = changes.tryReceive().getOrNull()
        }
        send(members.values.toSet())
    }
}
    .distinctUntilChanged()
    .conflate()

private val Notification.isRange: Boolean
    get() = type == NotificationType.KEY_RANGE_DELETED

private suspend fun OxiaClient.readAll(keys: GroupKeys, members: MutableMap<String, Member>) {
    members.clear()
    rangeScan(keys.prefix, keys.rangeEnd, partitionKey = keys.group).collect { record ->
        val id = keys.idOf(record.key)
        if (id != null) members[id] = Member(id, record.value ?: ByteArray(0))
    }
}

private suspend fun OxiaClient.applyChange(
    keys: GroupKeys,
    members: MutableMap<String, Member>,
    change: Notification,
) {
    val id = keys.idOf(change.key)
    when {
        change.isRange -> readAll(keys, members)
        id == null -> Unit
        change.type == NotificationType.KEY_DELETED -> members.remove(id)
        else -> {
            val record = get(change.key, partitionKey = keys.group)
            if (record == null) members.remove(id)
            else members[id] = Member(id, record.value ?: ByteArray(0))
        }
    }
}
