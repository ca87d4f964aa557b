package io.oxia.coroutines.java.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oxia.coroutines.ClientClosedException;
import io.oxia.coroutines.DeleteOptions;
import io.oxia.coroutines.GetOptions;
import io.oxia.coroutines.GetResult;
import io.oxia.coroutines.KeyAlreadyExistsException;
import io.oxia.coroutines.KeyComparison;
import io.oxia.coroutines.KeySorting;
import io.oxia.coroutines.Notification;
import io.oxia.coroutines.NotificationOptions;
import io.oxia.coroutines.NotificationType;
import io.oxia.coroutines.PutOptions;
import io.oxia.coroutines.PutResult;
import io.oxia.coroutines.RangeOptions;
import io.oxia.coroutines.SessionEvent;
import io.oxia.coroutines.SessionEventOptions;
import io.oxia.coroutines.SessionState;
import io.oxia.coroutines.UnexpectedVersionException;
import io.oxia.coroutines.java.OxiaAsyncClient;
import io.oxia.coroutines.testing.OxiaStandalone;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Java facade as a Java application uses it, against a real standalone Oxia with three shards.
 */
class OxiaAsyncClientTest {
  private static OxiaStandalone server;
  private OxiaAsyncClient client;

  @BeforeAll
  static void startServer() {
    server = OxiaStandalone.start(3);
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @BeforeEach
  void connect() throws Exception {
    KeySorting sorting =
        server.getVersion().startsWith("v0.14") ? KeySorting.SEGMENTED : KeySorting.HIERARCHICAL;
    client =
        OxiaAsyncClient.builder(server.getServiceAddress())
            .requestTimeout(Duration.ofSeconds(10))
            .keySorting(sorting)
            .connect()
            .get(30, TimeUnit.SECONDS);
  }

  @AfterEach
  void close() {
    client.close();
  }

  private static Throwable causeOf(CompletableFuture<?> future) {
    CompletionException e = assertThrows(CompletionException.class, future::join);
    return e.getCause();
  }

  @Test
  void putGetDeleteWithVersions() {
    PutResult created =
        client.put("/java/a", "one", PutOptions.builder().ifAbsent().build()).join();
    assertEquals(0, created.getVersion().getModificationsCount());

    GetResult read = client.get("/java/a").join();
    assertNotNull(read);
    assertEquals("one", read.getValueAsString());

    PutResult updated =
        client
            .put(
                "/java/a",
                "two",
                PutOptions.builder().expectedVersionId(created.getVersion().getVersionId()).build())
            .join();
    assertEquals(1, updated.getVersion().getModificationsCount());

    assertInstanceOf(
        UnexpectedVersionException.class,
        causeOf(
            client.put(
                "/java/a",
                "three",
                PutOptions.builder()
                    .expectedVersionId(created.getVersion().getVersionId())
                    .build())));
    assertInstanceOf(
        KeyAlreadyExistsException.class,
        causeOf(client.put("/java/a", "x", PutOptions.builder().ifAbsent().build())));

    assertTrue(
        client
            .delete(
                "/java/a",
                DeleteOptions.builder()
                    .expectedVersionId(updated.getVersion().getVersionId())
                    .build())
            .join());
    assertFalse(client.delete("/java/a").join());
    assertNull(client.get("/java/a").join());
  }

  @Test
  void floorLookupAcrossShards() {
    for (String k : List.of("/java/f/1", "/java/f/3", "/java/f/5")) client.put(k, "v").join();
    GetResult floor =
        client
            .get("/java/f/4", GetOptions.builder().comparison(KeyComparison.FLOOR).build())
            .join();
    assertNotNull(floor);
    assertEquals("/java/f/3", floor.getKey());
  }

  @Test
  void publisherHonoursDemandOfOneAndCancelsMidway() throws Exception {
    List<CompletableFuture<PutResult>> puts = new ArrayList<>();
    for (int i = 0; i < 50; i++) puts.add(client.put(String.format("/java/list/%02d", i), "v"));
    CompletableFuture.allOf(puts.toArray(new CompletableFuture[0])).join();

    List<String> received = new ArrayList<>();
    CountDownLatch done = new CountDownLatch(1);
    AtomicInteger outstanding = new AtomicInteger();
    client
        .list("/java/list/", "/java/list/~")
        .subscribe(
            new Flow.Subscriber<>() {
              private Flow.Subscription subscription;

              @Override
              public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                outstanding.incrementAndGet();
                s.request(1);
              }

              @Override
              public void onNext(String key) {
                if (outstanding.decrementAndGet() < 0)
                  throw new AssertionError("more than requested");
                received.add(key);
                if (received.size() == 10) {
                  subscription.cancel();
                  done.countDown();
                } else {
                  outstanding.incrementAndGet();
                  subscription.request(1);
                }
              }

              @Override
              public void onError(Throwable t) {
                done.countDown();
              }

              @Override
              public void onComplete() {
                done.countDown();
              }
            });
    assertTrue(done.await(30, TimeUnit.SECONDS));
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 10; i++) expected.add(String.format("/java/list/%02d", i));
    assertEquals(expected, received);
  }

  @Test
  void requestingZeroItemsFailsTheSubscriptionWithIllegalArgument() throws Exception {
    client.put("/java/demand/a", "v").join();
    CompletableFuture<Throwable> error = new CompletableFuture<>();
    client
        .list("/java/demand/", "/java/demand/~")
        .subscribe(
            new Flow.Subscriber<>() {
              @Override
              public void onSubscribe(Flow.Subscription s) {
                s.request(0);
              }

              @Override
              public void onNext(String key) {
                error.completeExceptionally(new AssertionError("an item without demand"));
              }

              @Override
              public void onError(Throwable t) {
                error.complete(t);
              }

              @Override
              public void onComplete() {
                error.completeExceptionally(new AssertionError("completed without demand"));
              }
            });
    assertInstanceOf(IllegalArgumentException.class, error.get(10, TimeUnit.SECONDS));
  }

  @Test
  void aNegativeRequestInsideOnNextFailsTheSubscriptionAfterThatItem() throws Exception {
    for (int i = 0; i < 5; i++) client.put("/java/negative/" + i, "v").join();
    List<String> received = new ArrayList<>();
    CompletableFuture<Throwable> error = new CompletableFuture<>();
    client
        .list("/java/negative/", "/java/negative/~")
        .subscribe(
            new Flow.Subscriber<>() {
              private Flow.Subscription subscription;
              private boolean inOnNext;

              @Override
              public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                s.request(2);
              }

              @Override
              public void onNext(String key) {
                inOnNext = true;
                received.add(key);
                subscription.request(-1);
                inOnNext = false;
              }

              @Override
              public void onError(Throwable t) {
                if (inOnNext)
                  error.completeExceptionally(new AssertionError("onError inside onNext"));
                else error.complete(t);
              }

              @Override
              public void onComplete() {
                error.completeExceptionally(new AssertionError("completed after a bad request"));
              }
            });
    assertInstanceOf(IllegalArgumentException.class, error.get(10, TimeUnit.SECONDS));
    // The second requested item is not delivered after the bad request.
    assertEquals(List.of("/java/negative/0"), received);
  }

  @Test
  void rangeScanPublisherDeliversRecordsInOrder() throws Exception {
    for (int i = 0; i < 5; i++) client.put("/java/scan/" + i, "v" + i).join();
    List<GetResult> records =
        Subscriptions.all(client.rangeScan("/java/scan/", "/java/scan/~", RangeOptions.DEFAULT))
            .get(30, TimeUnit.SECONDS);
    assertEquals(5, records.size());
    for (int i = 0; i < 5; i++) assertEquals("v" + i, records.get(i).getValueAsString());
  }

  @Test
  void notificationsPublisherDeliversAChange() throws Exception {
    CountDownLatch established = new CountDownLatch(1);
    CompletableFuture<Notification> first =
        Subscriptions.first(
            client.notifications(
                NotificationOptions.builder()
                    .keyPrefix("/java/notify/")
                    .onEstablished(established::countDown)
                    .build()));
    assertTrue(established.await(20, TimeUnit.SECONDS));
    client.put("/java/notify/x", "v").join();
    Notification n = first.get(20, TimeUnit.SECONDS);
    assertEquals(NotificationType.KEY_CREATED, n.getType());
    assertEquals("/java/notify/x", n.getKey());
  }

  @Test
  void cancellingAFutureBeforeItCompletesCancelsTheOperation() throws Exception {
    // A long linger keeps the put in its batcher, so the cancellation surely comes before the send.
    try (OxiaAsyncClient lingering =
        OxiaAsyncClient.builder(server.getServiceAddress())
            .batchLinger(Duration.ofSeconds(2))
            .connect()
            .get(30, TimeUnit.SECONDS)) {
      CompletableFuture<PutResult> future = lingering.put("/java/cancelled", "v");
      assertTrue(future.cancel(true));
      assertThrows(CancellationException.class, future::join);
      Thread.sleep(3_000);
      assertNull(client.get("/java/cancelled").join(), "a cancelled put must not be written");
      assertNotNull(lingering.put("/java/after-cancel", "v").join());
    }
  }

  @Test
  void operationsAfterCloseFailWithClientClosed() throws ExecutionException, InterruptedException {
    client.closeAsync().get();
    assertInstanceOf(ClientClosedException.class, causeOf(client.get("/java/x")));
    // A publisher is made without failing; its subscriber learns of the closed client in onError.
    Flow.Publisher<String> keys = client.list("/java/", "/java/~");
    ExecutionException e =
        assertThrows(
            ExecutionException.class, () -> Subscriptions.all(keys).get(10, TimeUnit.SECONDS));
    assertInstanceOf(ClientClosedException.class, e.getCause());
  }

  @Test
  void anEmptyValueReadsBackEmpty() throws Exception {
    client.put("/java/empty", new byte[0]).join();
    assertEquals(0, client.get("/java/empty").join().getValue().length);
    List<GetResult> records =
        Subscriptions.all(client.rangeScan("/java/empty", "/java/empty0", RangeOptions.DEFAULT))
            .get(30, TimeUnit.SECONDS);
    assertEquals(1, records.size());
    assertEquals(0, records.get(0).getValue().length);
    GetOptions keyOnly = GetOptions.builder().includeValue(false).build();
    assertNull(client.get("/java/empty", keyOnly).join().getValue());
  }

  @Test
  void deleteRangeRemovesTheRange() {
    for (int i = 1; i <= 5; i++) client.put("/java/dr/" + i, "v").join();
    client.deleteRange("/java/dr/2", "/java/dr/4").join();
    List<Boolean> present = new ArrayList<>();
    for (int i = 1; i <= 5; i++) present.add(client.get("/java/dr/" + i).join() != null);
    assertEquals(List.of(true, false, false, true, true), present);
  }

  @Test
  void sequenceUpdatesAndEphemeralSessionEvents() throws Exception {
    CompletableFuture<String> newest =
        Subscriptions.firstMatching(client.sequenceUpdates("/java/seq", "p"), k -> k.endsWith("2"));
    Thread.sleep(300);
    PutOptions sequence = PutOptions.builder().partitionKey("p").sequenceKeyDeltas(1).build();
    client.put("/java/seq", "a", sequence).join();
    Thread.sleep(300);
    String second = client.put("/java/seq", "b", sequence).join().getKey();
    assertEquals("/java/seq-00000000000000000002", second);
    assertEquals(second, newest.get(10, TimeUnit.SECONDS));

    CountDownLatch subscribed = new CountDownLatch(1);
    CompletableFuture<SessionEvent> event =
        Subscriptions.first(
            client.sessionEvents(
                SessionEventOptions.builder().onSubscribed(subscribed::countDown).build()));
    assertTrue(subscribed.await(10, TimeUnit.SECONDS));
    PutResult ephemeral =
        client.put("/java/eph", "v", PutOptions.builder().ephemeral(true).build()).join();
    assertNotNull(ephemeral.getVersion().getSessionId());
    assertEquals(SessionState.CREATED, event.get(10, TimeUnit.SECONDS).getState());
  }

  @Test
  void endlessPublishersCompleteWhenTheClientCloses() throws Exception {
    CountDownLatch established = new CountDownLatch(1);
    CompletableFuture<Throwable> ending =
        Subscriptions.ending(
            client.notifications(
                NotificationOptions.builder().onEstablished(established::countDown).build()));
    assertTrue(established.await(20, TimeUnit.SECONDS));
    client.closeAsync().get(20, TimeUnit.SECONDS);
    // Completed normally: the application closed its own client, which is no failure.
    assertNull(ending.get(20, TimeUnit.SECONDS));
  }
}
