package io.oxia.coroutines.admin

import io.oxia.coroutines.OxiaException

/**
 * [OxiaAdminClient.createNamespace] named a namespace that already exists. The core tree has no
 * type for it: [io.oxia.coroutines.KeyAlreadyExistsException] is about record keys, and a caller
 * that creates a namespace idempotently needs to tell this case from every other failure.
 */
public class NamespaceAlreadyExistsException
@JvmOverloads
constructor(
    /** The namespace that already exists. */
    public val namespace: String,
    cause: Throwable? = null,
) : OxiaException("namespace '$namespace' already exists", cause)

/** [OxiaAdminClient.createDataServer] named a data server that is already registered. */
public class DataServerAlreadyExistsException
@JvmOverloads
constructor(
    /** The name of the data server that already exists. */
    public val dataServer: String,
    cause: Throwable? = null,
) : OxiaException("data server '$dataServer' already exists", cause)

/** A get, patch or delete named a data server the coordinator does not know. */
public class DataServerNotFoundException
@JvmOverloads
constructor(
    /** The name that was asked for. */
    public val dataServer: String,
    cause: Throwable? = null,
) : OxiaException("data server '$dataServer' does not exist", cause)
