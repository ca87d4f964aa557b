package io.oxia.coroutines.testing

import org.testcontainers.containers.GenericContainer
import org.testcontainers.containers.wait.strategy.Wait
import org.testcontainers.utility.DockerImageName

/**
 * A standalone Oxia in a Docker container, for users who have a Docker engine and prefer it to the
 * local process of [OxiaStandalone] (which needs no Docker, only a server binary).
 *
 * Testcontainers is an optional dependency of this kit: add `org.testcontainers:testcontainers` to
 * your own test dependencies to use this class. The image defaults to the official `oxia/oxia`
 * image tagged with the configured server version without its leading `v` (`oxia/oxia:0.14.0` for
 * `v0.14.0`), the tags Oxia's release workflow publishes. The container runs `oxia standalone -p
 * 0.0.0.0:6648 -s <shards> --wal-sync-data=false`, exposes port [PUBLIC_PORT], and counts as
 * started once the server logs that its gRPC server started (shards have leaders by then).
 *
 * Lifecycle and threading are Testcontainers': `start()` blocks until the wait strategy passes or
 * fails with Testcontainers' exceptions (no Docker engine, image not found, timeout); `stop()` or
 * `close()` removes the container.
 *
 * This project's own machines run no Docker engine, so its tests never start this container; they
 * only check its configuration.
 *
 * @param imageName the image to run.
 * @param shards how many shards the standalone server creates in namespace `default`.
 */
public class OxiaContainer
@JvmOverloads
constructor(
    /** The image the container runs. */
    public val imageName: DockerImageName = defaultImage(),
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

    /**
     * The `host:port` clients connect to: the Docker host and the port mapped to [PUBLIC_PORT].
     *
     * @throws IllegalStateException when the container is not running.
     */
    public val serviceAddress: String
        get() = "$host:${getMappedPort(PUBLIC_PORT)}"

    public companion object {
        /** The official image's repository. */
        public const val IMAGE: String = "oxia/oxia"

        /** The public (client) port inside the container. */
        public const val PUBLIC_PORT: Int = 6648

        /** The official image for the configured server version (see [OxiaBinary]). */
        @JvmStatic
        public fun defaultImage(): DockerImageName =
            DockerImageName.parse("$IMAGE:${OxiaBinary.configuredVersion().removePrefix("v")}")
    }
}
