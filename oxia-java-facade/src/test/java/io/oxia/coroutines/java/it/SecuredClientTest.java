package io.oxia.coroutines.java.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oxia.coroutines.UnauthenticatedException;
import io.oxia.coroutines.it.security.SecurityMaterial;
import io.oxia.coroutines.java.OxiaAsyncClient;
import io.oxia.coroutines.java.OxiaAsyncClientBuilder;
import io.oxia.coroutines.testing.OxiaBinary;
import io.oxia.coroutines.testing.OxiaCluster;
import io.oxia.coroutines.testing.OxiaNamespace;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The builder's {@code tls} and {@code tokenSupplier} against a real one-server cluster that
 * requires a client certificate and an OIDC token (the material comes from oxia-core's security
 * specs).
 */
class SecuredClientTest {
  private static SecurityMaterial material;
  private static OxiaCluster cluster;

  @BeforeAll
  static void startCluster() {
    material = new SecurityMaterial();
    cluster =
        OxiaCluster.start(
            1,
            List.of(new OxiaNamespace("default", 1, 1)),
            OxiaBinary.configuredVersion(),
            material.mutualTlsWithOidc());
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
    material.close();
  }

  private OxiaAsyncClientBuilder builder() {
    return OxiaAsyncClient.builder(cluster.getServiceAddress())
        .connectTimeout(Duration.ofSeconds(2))
        .tls(material.mutualTls());
  }

  @Test
  void mutualTlsAndATokenSupplierAskedBeforeEachCall() throws Exception {
    AtomicInteger asked = new AtomicInteger();
    try (OxiaAsyncClient client =
        builder()
            .tokenSupplier(
                () -> {
                  asked.incrementAndGet();
                  return material.getIssuer().mint("java", Duration.ofMinutes(5));
                })
            .connect()
            .get(30, TimeUnit.SECONDS)) {
      client.put("/java/secured", "one").join();
      assertEquals("one", client.get("/java/secured").join().getValueAsString());
      int before = asked.get();
      client.get("/java/secured").join();
      assertTrue(asked.get() > before, "the supplier is asked again for a new call");
    }
  }

  @Test
  void anExpiredTokenIsRefusedWithATypedError() {
    String expired = material.getIssuer().mint("java", Duration.ofSeconds(-30));
    ExecutionException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            ExecutionException.class,
            () -> builder().tokenSupplier(() -> expired).connect().get(30, TimeUnit.SECONDS));
    UnauthenticatedException refused =
        assertInstanceOf(UnauthenticatedException.class, e.getCause());
    assertTrue(refused.getMessage().contains("token is expired"), refused.getMessage());
  }
}
