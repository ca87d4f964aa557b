package io.oxia.coroutines.internal

import io.oxia.coroutines.DeleteOptions
import io.oxia.coroutines.KeyAlreadyExistsException
import io.oxia.coroutines.PutOptions
import io.oxia.coroutines.PutResult
import io.oxia.coroutines.ServerException
import io.oxia.coroutines.SessionNotFoundException
import io.oxia.coroutines.UnexpectedVersionException
import io.oxia.coroutines.Version
import io.oxia.coroutines.internal.conversion.toVersion
import io.oxia.coroutines.proto.DeleteResponse
import io.oxia.coroutines.proto.PutResponse
import io.oxia.coroutines.proto.Status

/**
 * What the caller of a put of [key] with [options] gets for this answer: the result, or the typed
 * failure. [sessionId] is the session of an ephemeral put; [checkOpen] throws when the client is
 * closing, which is why such a session was gone.
 */
internal fun PutResponse.toPutResult(
    key: String,
    options: PutOptions,
    sessionId: Long?,
    checkOpen: () -> Unit,
): PutResult =
    when (status) {
        Status.OK -> PutResult(if (hasKey()) this.key else key, version.toVersion())
        Status.UNEXPECTED_VERSION_ID ->
            if (options.expectedVersionId == Version.KEY_NOT_EXISTS)
                throw KeyAlreadyExistsException(key)
            else throw UnexpectedVersionException(key, options.expectedVersionId ?: -1)
        Status.SESSION_DOES_NOT_EXIST -> {
            // A shutdown closes the sessions while puts on them may still be under way.
            checkOpen()
            throw SessionNotFoundException(
                "session $sessionId of the ephemeral put of '$key' has expired"
            )
        }
        else -> throw ServerException("put '$key' failed with status $status")
    }

/**
 * Whether the record under [key] existed, from a delete's answer; a conditional delete of a missing
 * key is answered with an unexpected version, as the server means it.
 */
internal fun DeleteResponse.existed(key: String, options: DeleteOptions): Boolean =
    when (status) {
        Status.OK -> true
        Status.KEY_NOT_FOUND -> false
        Status.UNEXPECTED_VERSION_ID ->
            throw UnexpectedVersionException(key, options.expectedVersionId ?: -1)
        else -> throw ServerException("delete '$key' failed with status $status")
    }
