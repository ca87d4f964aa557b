package io.oxia.coroutines.java.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.oxia.coroutines.InvalidArgumentException;
import io.oxia.coroutines.NamespaceNotFoundException;
import io.oxia.coroutines.OxiaTimeoutException;
import io.oxia.coroutines.admin.NamespaceAlreadyExistsException;
import io.oxia.coroutines.admin.NamespaceConfig;
import io.oxia.coroutines.admin.NamespaceView;
import io.oxia.coroutines.admin.ShardSplit;
import io.oxia.coroutines.java.OxiaAdminAsyncClient;
import io.oxia.coroutines.testing.OxiaBinary;
import io.oxia.coroutines.testing.OxiaCluster;
import io.oxia.coroutines.testing.OxiaNamespace;
import io.oxia.coroutines.testing.OxiaSecurity;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The admin facade: its builder, a typed failure, and a namespace's life on a real coordinator. */
class OxiaAdminAsyncClientTest {
  /** Whether the configured server version's coordinator serves the admin API (v0.16+). */
  private static boolean adminApi() {
    Matcher m = Pattern.compile("^v?(\\d+)\\.(\\d+)").matcher(OxiaBinary.configuredVersion());
    return !m.find() || Integer.parseInt(m.group(1)) > 0 || Integer.parseInt(m.group(2)) >= 16;
  }

  private static Throwable failure(java.util.concurrent.Future<?> future) {
    return assertThrows(ExecutionException.class, () -> future.get(30, TimeUnit.SECONDS))
        .getCause();
  }

  @Test
  void badSettingsFailTheBuild() {
    assertThrows(
        InvalidArgumentException.class, () -> OxiaAdminAsyncClient.builder("no-port").build());
    assertThrows(
        InvalidArgumentException.class,
        () -> OxiaAdminAsyncClient.builder("localhost:6651").requestTimeout(Duration.ZERO).build());
  }

  @Test
  void anUnreachableCoordinatorTimesOut() throws Exception {
    String dead;
    try (ServerSocket socket = new ServerSocket(0)) {
      dead = "127.0.0.1:" + socket.getLocalPort();
    }
    try (OxiaAdminAsyncClient admin =
        OxiaAdminAsyncClient.builder(dead).requestTimeout(Duration.ofMillis(500)).build()) {
      assertInstanceOf(OxiaTimeoutException.class, failure(admin.listNamespaces()));
    }
  }

  @Test
  void aNamespaceCreatedSplitAndDeleted() throws Exception {
    assumeTrue(adminApi(), "the coordinator of this version has no admin API");
    try (OxiaCluster cluster =
            OxiaCluster.start(
                1,
                List.of(new OxiaNamespace("default", 1, 1)),
                OxiaBinary.configuredVersion(),
                OxiaSecurity.NONE);
        OxiaAdminAsyncClient admin =
            OxiaAdminAsyncClient.builder(cluster.getAdminAddress()).build()) {
      NamespaceConfig config = new NamespaceConfig("java", 1, 1);
      assertEquals(
          config.getName(), admin.createNamespace(config).get(30, TimeUnit.SECONDS).getName());
      assertInstanceOf(
          NamespaceAlreadyExistsException.class, failure(admin.createNamespace(config)));

      NamespaceView view = admin.getNamespace("java").get(30, TimeUnit.SECONDS);
      ShardSplit split =
          admin.splitShard("java", view.getShards().get(0).getId()).get(30, TimeUnit.SECONDS);
      assertEquals(split.getLeftChildShard() + 1, split.getRightChildShard());

      admin.deleteNamespace("java").get(30, TimeUnit.SECONDS);
      assertInstanceOf(NamespaceNotFoundException.class, failure(admin.getNamespace("java")));
    }
  }
}
