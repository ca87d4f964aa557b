package io.oxia.coroutines.internal.admin

import io.grpc.Status
import io.oxia.coroutines.InvalidArgumentException
import io.oxia.coroutines.NamespaceNotFoundException
import io.oxia.coroutines.OxiaException
import io.oxia.coroutines.admin.DataServerAlreadyExistsException
import io.oxia.coroutines.admin.DataServerNotFoundException
import io.oxia.coroutines.admin.NamespaceAlreadyExistsException
import io.oxia.coroutines.internal.transport.RpcFailure
import io.oxia.coroutines.internal.transport.toOxiaException

/**
 * What an admin call is about, so that the coordinator's refusals become typed exceptions: its
 * NOT_FOUND and ALREADY_EXISTS name the resource, FAILED_PRECONDITION is a request the cluster's
 * state does not allow. Everything else is classified like the data client's failures.
 */
internal sealed class AdminTarget {
    protected abstract val namespace: String

    protected abstract fun notFound(failure: RpcFailure): OxiaException

    protected abstract fun alreadyExists(failure: RpcFailure): OxiaException

    fun translate(failure: RpcFailure): OxiaException {
        val detail = "${failure.status.code}: ${failure.status.description.orEmpty()}"
        return when (failure.status.code) {
            Status.Code.NOT_FOUND -> notFound(failure)
            Status.Code.ALREADY_EXISTS -> alreadyExists(failure)
            Status.Code.FAILED_PRECONDITION ->
                InvalidArgumentException(
                    "the coordinator refused the request: $detail",
                    failure.cause,
                )
            else -> unknown(failure, detail)
        }
    }

    /** A split's refusals come as UNKNOWN with a plain message. */
    private fun unknown(failure: RpcFailure, detail: String): OxiaException {
        val text = failure.status.description.orEmpty()
        return when {
            failure.status.code != Status.Code.UNKNOWN -> failure.toOxiaException(namespace)
            this is Shard && text.startsWith("namespace ") && text.endsWith("not found") ->
                NamespaceNotFoundException(namespace, failure.cause)
            this is Shard && SPLIT_REFUSALS.any { it in text } ->
                InvalidArgumentException(
                    "the coordinator refused the split: $detail",
                    failure.cause,
                )
            else -> failure.toOxiaException(namespace)
        }
    }

    /** A call about the namespace [name]. */
    class Namespace(val name: String) : AdminTarget() {
        override val namespace: String = name

        override fun notFound(failure: RpcFailure) = NamespaceNotFoundException(name, failure.cause)

        override fun alreadyExists(failure: RpcFailure) =
            NamespaceAlreadyExistsException(name, failure.cause)
    }

    /** A call about a shard of the namespace [name]. */
    class Shard(name: String) : AdminTarget() {
        override val namespace: String = name
        private val owner = Namespace(name)

        override fun notFound(failure: RpcFailure) = owner.translate(failure)

        override fun alreadyExists(failure: RpcFailure) = owner.translate(failure)
    }

    /** A call about the data server [name]. */
    class DataServer(val name: String) : AdminTarget() {
        override val namespace: String = ""

        override fun notFound(failure: RpcFailure) =
            DataServerNotFoundException(name, failure.cause)

        override fun alreadyExists(failure: RpcFailure) =
            DataServerAlreadyExistsException(name, failure.cause)
    }

    /** A call about no resource in particular (the lists). */
    object Cluster : AdminTarget() {
        override val namespace: String = ""

        override fun notFound(failure: RpcFailure) = failure.toOxiaException(namespace)

        override fun alreadyExists(failure: RpcFailure) = failure.toOxiaException(namespace)
    }

    private companion object {
        val SPLIT_REFUSALS =
            listOf(
                "not found in namespace",
                "not in steady state",
                "already has an active split",
                "pending ensemble changes",
                "too small to split",
                "outside shard's hash range",
            )
    }
}
