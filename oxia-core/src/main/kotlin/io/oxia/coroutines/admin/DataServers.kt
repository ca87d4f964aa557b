package io.oxia.coroutines.admin

/**
 * A data server as the coordinator has it registered: the addresses it listens on and its labels
 * (used by namespaces' anti-affinity rules). Immutable.
 */
public class DataServer
@JvmOverloads
constructor(
    /** The server's name, unique in the cluster; the coordinator defaults it to [publicAddress]. */
    public val name: String,
    /** The `host:port` clients reach the server at, exactly as clients must dial it. */
    public val publicAddress: String,
    /** The `host:port` the coordinator and the other servers reach it at. */
    public val internalAddress: String,
    /** Free-form labels of the server. */
    public val labels: Map<String, String> = emptyMap(),
) {
    override fun equals(other: Any?): Boolean =
        other is DataServer &&
            name == other.name &&
            publicAddress == other.publicAddress &&
            internalAddress == other.internalAddress &&
            labels == other.labels

    override fun hashCode(): Int = listOf(name, publicAddress, internalAddress, labels).hashCode()

    override fun toString(): String =
        "DataServer(name=$name, publicAddress=$publicAddress, internalAddress=$internalAddress, " +
            "labels=$labels)"
}

/** What the coordinator reports of a data server's health. */
public enum class DataServerState {
    /** The coordinator reported no state. */
    UNKNOWN,
    /** The server is up and serves its shards. */
    RUNNING,
    /** The coordinator cannot reach the server. */
    UNAVAILABLE,
    /** The server is being emptied of its shards. */
    DRAINING,
}

/** A registered [DataServer] with its current [state], as listed by the coordinator. Immutable. */
public class DataServerView
internal constructor(
    /** The server's registration. */
    public val dataServer: DataServer,
    /** Its current state. */
    public val state: DataServerState,
    /** The optional protocol features it announced (e.g. `FEATURE_DB_CHECKSUM`). */
    public val supportedFeatures: List<String>,
) {
    override fun equals(other: Any?): Boolean =
        other is DataServerView &&
            dataServer == other.dataServer &&
            state == other.state &&
            supportedFeatures == other.supportedFeatures

    override fun hashCode(): Int = listOf(dataServer, state, supportedFeatures).hashCode()

    override fun toString(): String =
        "DataServerView(dataServer=$dataServer, state=$state, supportedFeatures=$supportedFeatures)"
}
