package io.oxia.coroutines.recipes.java.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oxia.coroutines.java.OxiaAsyncClient;
import io.oxia.coroutines.recipes.LeaseLostException;
import io.oxia.coroutines.recipes.java.AsyncLease;
import io.oxia.coroutines.recipes.java.OxiaAsyncLock;
import io.oxia.coroutines.recipes.java.OxiaRecipes;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The lock as Java code uses it: futures, turns in order, fencing tokens, timeouts, cancel. */
class OxiaAsyncLockTest {
  private static RecipeServer oxia;

  @BeforeAll
  static void start() {
    oxia = new RecipeServer();
  }

  @AfterAll
  static void stop() {
    oxia.close();
  }

  @Test
  void clientsTakeTurnsWithGrowingFencingTokensAndFuturesCompleteOnTheCallbackExecutor()
      throws Exception {
    try (OxiaAsyncClient a = oxia.connect();
        OxiaAsyncClient b = oxia.connect()) {
      OxiaAsyncLock lockA = OxiaRecipes.lock(a, "/java-lock/turns").build();
      OxiaAsyncLock lockB = OxiaRecipes.lock(b, "/java-lock/turns").build();
      AsyncLease first = lockA.acquire().get(10, TimeUnit.SECONDS);
      CompletableFuture<String> second =
          lockB
              .acquire()
              .thenApply(lease -> Thread.currentThread().getName() + " " + lease.getFencingToken());
      assertThrows(TimeoutException.class, () -> second.get(500, TimeUnit.MILLISECONDS));
      assertTrue(first.isHeld());
      first.release().get(10, TimeUnit.SECONDS);
      assertFalse(first.isHeld());
      String[] threadAndToken = second.get(10, TimeUnit.SECONDS).split(" ");
      assertEquals(RecipeServer.CALLBACK_THREAD, threadAndToken[0]);
      assertTrue(Long.parseLong(threadAndToken[1]) > first.getFencingToken());
      // A released lease's end is normal, and says it is no longer held.
      first.ended().get(10, TimeUnit.SECONDS);
      assertThrows(IllegalStateException.class, first::ensureHeld);
    }
  }

  @Test
  void tryAcquireGivesNullAfterItsTimeoutAndACancelledAcquireLeavesTheQueue() throws Exception {
    try (OxiaAsyncClient a = oxia.connect();
        OxiaAsyncClient b = oxia.connect();
        OxiaAsyncClient c = oxia.connect()) {
      String path = "/java-lock/waiting";
      AsyncLease held = OxiaRecipes.lock(a, path).build().acquire().get(10, TimeUnit.SECONDS);
      OxiaAsyncLock lockB = OxiaRecipes.lock(b, path).safetyMargin(Duration.ofSeconds(2)).build();
      assertNull(lockB.tryAcquire(Duration.ofMillis(300)).get(10, TimeUnit.SECONDS));
      CompletableFuture<AsyncLease> cancelled = lockB.acquire();
      Thread.sleep(200); // its record is in the queue
      assertTrue(cancelled.cancel(true));
      CompletableFuture<AsyncLease> next = OxiaRecipes.lock(c, path).build().acquire();
      held.release().get(10, TimeUnit.SECONDS);
      // b withdrew: c, behind it in the queue, gets the lock.
      AsyncLease third = next.get(10, TimeUnit.SECONDS);
      assertTrue(third.isHeld());
      third.release().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void withLockReleasesWhenTheStageCompletes() throws Exception {
    try (OxiaAsyncClient a = oxia.connect()) {
      OxiaAsyncLock lock = OxiaRecipes.lock(a, "/java-lock/with").build();
      long token =
          lock.withLock(
                  lease -> {
                    assertTrue(RecipeServer.onCallbackThread());
                    return CompletableFuture.supplyAsync(lease::getFencingToken);
                  })
              .get(10, TimeUnit.SECONDS);
      assertTrue(token > 0);
      // Released: the lock is free at once.
      AsyncLease again = lock.tryAcquire(Duration.ofSeconds(2)).get(10, TimeUnit.SECONDS);
      assertTrue(again.getFencingToken() > token);
      again.release().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aLostLeaseCancelsTheStageOfWithLockWhichFailsWithLeaseLost() throws Exception {
    try (OxiaAsyncClient holder = oxia.connect();
        OxiaAsyncClient other = oxia.connect()) {
      CompletableFuture<AsyncLease> held = new CompletableFuture<>();
      CompletableFuture<Object> work = new CompletableFuture<>();
      CompletableFuture<Object> outcome =
          OxiaRecipes.lock(holder, "/java-lock/lost")
              .build()
              .withLock(
                  lease -> {
                    held.complete(lease);
                    return work; // never completed by the test
                  });
      AsyncLease lease = held.get(10, TimeUnit.SECONDS);
      // Someone deletes the lock's record: the holder must stop.
      assertTrue(other.delete(lease.getKey()).get(10, TimeUnit.SECONDS));
      ExecutionException failure =
          assertThrows(ExecutionException.class, () -> outcome.get(10, TimeUnit.SECONDS));
      assertInstanceOf(LeaseLostException.class, failure.getCause());
      assertTrue(work.isCancelled());
      ExecutionException ended =
          assertThrows(ExecutionException.class, () -> lease.ended().get(10, TimeUnit.SECONDS));
      assertInstanceOf(LeaseLostException.class, ended.getCause());
      assertFalse(lease.isHeld());
    }
  }
}
