package io.oxia.coroutines.testing

import org.testcontainers.containers.GenericContainer
import org.testcontainers.containers.wait.strategy.Wait
import org.testcontainers.utility.DockerImageName

/**
 * A standalone Oxia in a Docker container, for users who have a Docker engine and prefer it to the
 * local process of [OxiaStandalone] (which needs no Docker). Add
 * `org.testcontainers:testcontainers` to your test dependencies; this kit declares it optional. The
 * image is the official `oxia/oxia`; its tag is the server version without the leading `v`.
 *
 * This project's own machines run no Docker engine, so the container is never started in this
 * project's tests; only its configuration is checked.
 */
public class OxiaContainer
@JvmOverloads
constructor(
    /** The image the container runs. */
    public val imageName: DockerImageName =
        DockerImageName.parse("$IMAGE:${OxiaBinary.configuredVersion().removePrefix("v")}"),
    shards: Int = 3,
) : GenericContainer<OxiaContainer>(imageName) {
    init {
        require(shards > 0) { "shards must be positive" }
        withExposedPorts(PUBLIC_PORT)
        withCommand(
            "oxia",
            "standalone",
            "-p",
            "0.0.0.0:$PUBLIC_PORT",
            "-s",
            shards.toString(),
            "--wal-sync-data=false",
        )
        waitingFor(Wait.forLogMessage(".*Started Grpc server.*", 1))
    }

    /** The `host:port` clients connect to, once the container runs. */
    public val serviceAddress: String
        get() = "$host:${getMappedPort(PUBLIC_PORT)}"

    public companion object {
        /** The official image. */
        public const val IMAGE: String = "oxia/oxia"

        /** The public port inside the container. */
        public const val PUBLIC_PORT: Int = 6648
    }
}
