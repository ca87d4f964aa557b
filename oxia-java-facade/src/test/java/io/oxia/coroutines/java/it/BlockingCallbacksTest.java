package io.oxia.coroutines.java.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oxia.coroutines.GetResult;
import io.oxia.coroutines.KeySorting;
import io.oxia.coroutines.OxiaTimeoutException;
import io.oxia.coroutines.java.OxiaAsyncClient;
import io.oxia.coroutines.testing.OxiaStandalone;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Java users block in callbacks: futures' callbacks and subscribers that wait for further calls of
 * the same client, or for anything else, must not stall the client. Four times as many of them as
 * the machine has cores block at once; the client keeps serving and its timeouts keep firing.
 */
class BlockingCallbacksTest {
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);
  private static final int BLOCKED = 4 * Runtime.getRuntime().availableProcessors();

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
    client =
        OxiaAsyncClient.builder(server.getServiceAddress())
            .requestTimeout(REQUEST_TIMEOUT)
            .keySorting(
                server.getVersion().startsWith("v0.14")
                    ? KeySorting.SEGMENTED
                    : KeySorting.HIERARCHICAL)
            .connect()
            .get(30, TimeUnit.SECONDS);
    for (int i = 0; i < 3; i++) client.put("/blocking/" + i, "v" + i).get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void close() throws Exception {
    // A stalled client may not close: the test has failed already, do not hang on it.
    try {
      client.closeAsync().get(10, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // reported by the test itself
    }
  }

  /** What a blocking call in a callback ended with: its value, or its failure. */
  private Object blockingGet(String key) {
    try {
      GetResult result = client.get(key).join();
      return result == null ? "missing" : result.getValueAsString();
    } catch (CompletionException e) {
      return e.getCause();
    }
  }

  private static void assertEachCompletedOrTimedOut(Queue<Object> outcomes) {
    assertEquals(BLOCKED, outcomes.size());
    for (Object outcome : outcomes) {
      if (outcome instanceof Throwable) assertInstanceOf(OxiaTimeoutException.class, outcome);
      else assertEquals("v1", outcome);
    }
  }

  private void assertAFreshCallSucceeds() throws Exception {
    GetResult fresh =
        client.get("/blocking/2").get(REQUEST_TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS);
    assertNotNull(fresh);
    assertEquals("v2", fresh.getValueAsString());
  }

  @Test
  void futureCallbacksBlockedOnFurtherCallsEndAndTheClientServesAfterwards() throws Exception {
    Queue<Object> outcomes = new ConcurrentLinkedQueue<>();
    CountDownLatch ended = new CountDownLatch(BLOCKED);
    for (int i = 0; i < BLOCKED; i++) {
      client
          .get("/blocking/0")
          .thenAccept(
              first -> {
                outcomes.add(blockingGet("/blocking/1"));
                ended.countDown();
              });
    }
    assertTrue(
        ended.await(REQUEST_TIMEOUT.toSeconds() * 3, TimeUnit.SECONDS),
        (BLOCKED - ended.getCount())
            + " of "
            + BLOCKED
            + " callbacks ended: blocked calls neither completed nor timed out");
    assertEachCompletedOrTimedOut(outcomes);
    assertAFreshCallSucceeds();
  }

  @Test
  void subscribersBlockedInOnNextOnFurtherCallsEndAndTheClientServesAfterwards() throws Exception {
    Queue<Object> outcomes = new ConcurrentLinkedQueue<>();
    CountDownLatch ended = new CountDownLatch(BLOCKED);
    for (int i = 0; i < BLOCKED; i++) {
      client
          .list("/blocking/", "/blocking/~")
          .subscribe(
              new Flow.Subscriber<>() {
                private Flow.Subscription subscription;

                @Override
                public void onSubscribe(Flow.Subscription s) {
                  subscription = s;
                  s.request(1);
                }

                @Override
                public void onNext(String key) {
                  subscription.cancel();
                  outcomes.add(blockingGet("/blocking/1"));
                  ended.countDown();
                }

                @Override
                public void onError(Throwable t) {
                  outcomes.add(t);
                  ended.countDown();
                }

                @Override
                public void onComplete() {}
              });
    }
    assertTrue(
        ended.await(REQUEST_TIMEOUT.toSeconds() * 3, TimeUnit.SECONDS),
        (BLOCKED - ended.getCount())
            + " of "
            + BLOCKED
            + " subscribers ended: blocked calls neither completed nor timed out");
    assertEachCompletedOrTimedOut(outcomes);
    assertAFreshCallSucceeds();
  }

  @Test
  void timeoutsFireWhileCallbacksBlockForGood() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    CountDownLatch entered = new CountDownLatch(BLOCKED);
    try {
      for (int i = 0; i < BLOCKED; i++) {
        client
            .get("/blocking/0")
            .thenAccept(
                first -> {
                  entered.countDown();
                  try {
                    never.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
      }
      assertTrue(entered.await(20, TimeUnit.SECONDS));
      assertAFreshCallSucceeds();

      server.pause();
      long start = System.nanoTime();
      CompletableFuture<GetResult> stalled = client.get("/blocking/1");
      Throwable failure;
      try {
        stalled.get(REQUEST_TIMEOUT.toSeconds() * 3, TimeUnit.SECONDS);
        failure = null;
      } catch (java.util.concurrent.ExecutionException e) {
        failure = e.getCause();
      } finally {
        server.resume();
      }
      long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertInstanceOf(OxiaTimeoutException.class, failure);
      assertTrue(tookMillis < REQUEST_TIMEOUT.toMillis() + 2_000, "timed out after " + tookMillis);
      assertAFreshCallSucceeds();
    } finally {
      never.countDown();
    }
  }
}
