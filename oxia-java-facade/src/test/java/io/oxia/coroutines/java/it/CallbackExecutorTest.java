package io.oxia.coroutines.java.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oxia.coroutines.InvalidArgumentException;
import io.oxia.coroutines.KeySorting;
import io.oxia.coroutines.java.OxiaAsyncClient;
import io.oxia.coroutines.java.OxiaAsyncClientBuilder;
import io.oxia.coroutines.testing.OxiaStandalone;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Where callbacks run: futures complete and publishers signal on the executor the user chose, or on
 * the {@code oxia-callbacks-N} pool; and lists of small ranges come back as one future.
 */
class CallbackExecutorTest {
  private static OxiaStandalone server;
  private static ExecutorService userExecutor;

  @BeforeAll
  static void startServer() {
    server = OxiaStandalone.start(3);
    userExecutor = Executors.newFixedThreadPool(2, task -> new Thread(task, "user-callbacks"));
  }

  @AfterAll
  static void stopServer() {
    userExecutor.shutdownNow();
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

  /** The name of the thread the subscriber's first signals run on. */
  private static CompletableFuture<List<String>> signalThreads(Flow.Publisher<?> publisher) {
    CompletableFuture<List<String>> threads = new CompletableFuture<>();
    List<String> names = new ArrayList<>();
    publisher.subscribe(
        new Flow.Subscriber<Object>() {
          @Override
          public void onSubscribe(Flow.Subscription s) {
            s.request(Long.MAX_VALUE);
          }

          @Override
          public void onNext(Object item) {
            names.add(Thread.currentThread().getName());
          }

          @Override
          public void onError(Throwable t) {
            threads.completeExceptionally(t);
          }

          @Override
          public void onComplete() {
            names.add(Thread.currentThread().getName());
            threads.complete(names);
          }
        });
    return threads;
  }

  @Test
  void futuresAndSignalsRunOnTheChosenExecutor() throws Exception {
    try (OxiaAsyncClient client =
        builder().callbackExecutor(userExecutor).connect().get(30, TimeUnit.SECONDS)) {
      String putThread =
          client.put("/exec/a", "v").thenApply(r -> Thread.currentThread().getName()).join();
      assertEquals("user-callbacks", putThread);
      String getThread =
          client.get("/exec/a").thenApply(r -> Thread.currentThread().getName()).join();
      assertEquals("user-callbacks", getThread);
      for (String name : signalThreads(client.list("/exec/", "/exec/~")).get(30, TimeUnit.SECONDS))
        assertEquals("user-callbacks", name);
    }
  }

  @Test
  void theBridgeForLibrariesGivesTheChosenExecutorAndTheKotlinClientUnderneath() throws Exception {
    try (OxiaAsyncClient client =
        builder().callbackExecutor(userExecutor).connect().get(30, TimeUnit.SECONDS)) {
      assertSame(userExecutor, client.callbackExecutor());
      assertSame(client.getConfig(), client.kotlinClient().getConfig());
    }
  }

  @Test
  void byDefaultCallbacksRunOnTheOxiaCallbacksPool() throws Exception {
    try (OxiaAsyncClient client = builder().connect().get(30, TimeUnit.SECONDS)) {
      String thread =
          client.put("/exec/b", "v").thenApply(r -> Thread.currentThread().getName()).join();
      assertTrue(thread.startsWith("oxia-callbacks-"), thread);
      for (String name : signalThreads(client.list("/exec/", "/exec/~")).get(30, TimeUnit.SECONDS))
        assertTrue(name.startsWith("oxia-callbacks-"), name);
    }
  }

  @Test
  void smallRangesComeBackAsListsAndLargeOnesFailAtTheLimit() throws Exception {
    try (OxiaAsyncClient client = builder().connect().get(30, TimeUnit.SECONDS)) {
      for (int i = 0; i < 3; i++) client.put("/exec/small/" + i, "v" + i).join();
      assertEquals(
          List.of("/exec/small/0", "/exec/small/1", "/exec/small/2"),
          client.listKeys("/exec/small/", "/exec/small/~").get(30, TimeUnit.SECONDS));
      assertEquals(
          "v2",
          client
              .rangeScanAll("/exec/small/", "/exec/small/~")
              .get(30, TimeUnit.SECONDS)
              .get(2)
              .getValueAsString());

      List<CompletableFuture<?>> puts = new ArrayList<>();
      for (int i = 0; i <= OxiaAsyncClient.MAX_COLLECTED; i++)
        puts.add(client.put(String.format("/exec/large/%05d", i), ""));
      CompletableFuture.allOf(puts.toArray(new CompletableFuture[0])).get(60, TimeUnit.SECONDS);
      CompletionException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              CompletionException.class,
              () -> client.listKeys("/exec/large/", "/exec/large/~").join());
      assertInstanceOf(InvalidArgumentException.class, e.getCause());
      assertTrue(e.getCause().getMessage().contains("10000"), e.getCause().getMessage());
    }
  }
}
