package io.oxia.coroutines.java.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oxia.coroutines.ClientClosedException;
import io.oxia.coroutines.GetResult;
import io.oxia.coroutines.InvalidArgumentException;
import io.oxia.coroutines.KeyAlreadyExistsException;
import io.oxia.coroutines.KeySorting;
import io.oxia.coroutines.NamespaceNotFoundException;
import io.oxia.coroutines.PutOptions;
import io.oxia.coroutines.PutResult;
import io.oxia.coroutines.UnexpectedVersionException;
import io.oxia.coroutines.java.OxiaAsyncClient;
import io.oxia.coroutines.java.OxiaAsyncClientBuilder;
import io.oxia.coroutines.java.OxiaSyncClient;
import io.oxia.coroutines.testing.FaultProxies;
import io.oxia.coroutines.testing.OxiaStandalone;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The blocking client as a script or a simple service uses it, against a real standalone Oxia. */
class OxiaSyncClientTest {
  private static OxiaStandalone server;
  private OxiaSyncClient client;

  @BeforeAll
  static void startServer() {
    server = OxiaStandalone.start(3);
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private static OxiaAsyncClientBuilder builder() {
    return OxiaAsyncClient.builder(server.getServiceAddress())
        .requestTimeout(Duration.ofSeconds(10))
        .keySorting(
            server.getVersion().startsWith("v0.14")
                ? KeySorting.SEGMENTED
                : KeySorting.HIERARCHICAL);
  }

  @BeforeEach
  void connect() {
    client = builder().connectSync();
  }

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  void callsReturnTheirResultsAndThrowFailuresAsThey() {
    PutResult created = client.put("/sync/a", "one", PutOptions.builder().ifAbsent().build());
    assertEquals(0, created.getVersion().getModificationsCount());
    GetResult read = client.get("/sync/a");
    assertNotNull(read);
    assertEquals("one", read.getValueAsString());

    KeyAlreadyExistsException exists =
        assertThrows(
            KeyAlreadyExistsException.class,
            () -> client.put("/sync/a", "x", PutOptions.builder().ifAbsent().build()));
    assertEquals("/sync/a", exists.getKey());
    assertFalse(exists.isRetryable());
    assertThrows(
        UnexpectedVersionException.class,
        () -> client.put("/sync/a", "x", PutOptions.builder().expectedVersionId(99).build()));
    assertThrows(InvalidArgumentException.class, () -> client.put("__oxia/x", "x"));

    assertTrue(client.delete("/sync/a"));
    assertFalse(client.delete("/sync/a"));
    assertNull(client.get("/sync/a"));
    assertEquals(Duration.ofSeconds(10), client.getConfig().getRequestTimeout());
  }

  @Test
  void rangesComeBackAsListsInKeyOrder() {
    for (int i = 0; i < 5; i++) client.put("/sync/range/" + i, "v" + i);
    assertEquals(
        List.of(
            "/sync/range/0", "/sync/range/1", "/sync/range/2", "/sync/range/3", "/sync/range/4"),
        client.listKeys("/sync/range/", "/sync/range/~"));
    List<GetResult> records = client.rangeScanAll("/sync/range/", "/sync/range/~");
    assertEquals(5, records.size());
    assertEquals("v4", records.get(4).getValueAsString());
    client.deleteRange("/sync/range/1", "/sync/range/4");
    assertEquals(
        List.of("/sync/range/0", "/sync/range/4"),
        client.listKeys("/sync/range/", "/sync/range/~"));
  }

  @Test
  void connectingToAMissingNamespaceThrowsAtOnce() {
    assertThrows(
        NamespaceNotFoundException.class, () -> builder().namespace("no-such-ns").connectSync());
  }

  @Test
  void anInterruptedCallIsCancelledAndKeepsTheInterruptFlag() throws Exception {
    // A long linger keeps the put in its batcher, so the interrupt surely comes before the send.
    try (OxiaSyncClient lingering = builder().batchLinger(Duration.ofSeconds(2)).connectSync()) {
      AtomicReference<Throwable> thrown = new AtomicReference<>();
      AtomicReference<Boolean> flag = new AtomicReference<>();
      Thread caller =
          new Thread(
              () -> {
                try {
                  lingering.put("/sync/interrupted", "v");
                } catch (Throwable t) {
                  thrown.set(t);
                  flag.set(Thread.currentThread().isInterrupted());
                }
              });
      caller.start();
      Thread.sleep(300);
      caller.interrupt();
      caller.join(10_000);
      assertTrue(thrown.get() instanceof CancellationException, String.valueOf(thrown.get()));
      assertTrue(flag.get());
      Thread.sleep(3_000);
      assertNull(client.get("/sync/interrupted"), "an interrupted put must not be written");
    }
  }

  @Test
  void theAddressTranslatorDecidesWhereTheClientDials() {
    List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (FaultProxies proxies = FaultProxies.start(List.of(server.getServiceAddress()));
        OxiaSyncClient translated =
            builder()
                .addressTranslator(
                    address -> {
                      asked.add(address);
                      return proxies.translate(address);
                    })
                .connectSync()) {
      translated.put("/sync/translated", "via the proxy");
      assertEquals("via the proxy", translated.get("/sync/translated").getValueAsString());
      assertEquals(List.of(server.getServiceAddress()), asked);
      assertTrue(proxies.get(server.getServiceAddress()).getAcceptedConnections() > 0);
    }
  }

  @Test
  void callsAfterCloseThrowClientClosed() {
    client.close();
    assertThrows(ClientClosedException.class, () -> client.get("/sync/x"));
  }
}
