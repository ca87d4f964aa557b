package io.oxia.coroutines.recipes

/**
 * A [Lease] ended without being released: its record vanished (its session expired, or someone
 * deleted it), or the client lost contact with the server for longer than the session timeout minus
 * the safety margin. Whoever held the lease must assume another holder may have it now.
 *
 * It is the cause of the cancellation of [Lease.scope], and what [OxiaLock.withLock] and
 * [OxiaElection.withLeadership] throw when their block was cancelled for this reason.
 */
public class LeaseLostException
internal constructor(
    /** The key of the lost lease's record. */
    public val key: String,
    message: String,
) : IllegalStateException("lease $key lost: $message")
