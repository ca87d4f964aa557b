package io.oxia.coroutines.recipes.java.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oxia.coroutines.java.OxiaAsyncClient;
import io.oxia.coroutines.recipes.CacheChange;
import io.oxia.coroutines.recipes.CacheCodec;
import io.oxia.coroutines.recipes.CachedValue;
import io.oxia.coroutines.recipes.java.OxiaAsyncCache;
import io.oxia.coroutines.recipes.java.OxiaRecipes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The cache as Java code uses it: a codec of its own, loading, updates, changes, a size limit. */
class OxiaAsyncCacheTest {
  private static RecipeServer oxia;

  @BeforeAll
  static void start() {
    oxia = new RecipeServer();
  }

  @AfterAll
  static void stop() {
    oxia.close();
  }

  /** Counters stored as decimal text. */
  private static final CacheCodec<Long> LONGS =
      new CacheCodec<>() {
        @Override
        public byte[] encode(Long value) {
          return value.toString().getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public Long decode(byte[] bytes) {
          return Long.parseLong(new String(bytes, StandardCharsets.UTF_8));
        }
      };

  @Test
  void loadsThePrefixAndSeesAnotherClientsWritesThroughGetAndTheChangesPublisher()
      throws Exception {
    try (OxiaAsyncClient reader = oxia.connect();
        OxiaAsyncClient writer = oxia.connect()) {
      writer.put("/java-cache/config/a", "1").join();
      writer.put("/java-cache/config/b", "2").join();
      try (OxiaAsyncCache<String> cache =
          OxiaRecipes.cache(reader, "/java-cache/config/", CacheCodec.UTF8).build()) {
        cache.awaitLoaded().get(10, TimeUnit.SECONDS);
        assertEquals(
            Set.of("/java-cache/config/a", "/java-cache/config/b"), cache.snapshot().keySet());
        assertEquals("1", cache.get("/java-cache/config/a").get(10, TimeUnit.SECONDS).getValue());
        assertNull(cache.get("/java-cache/config/missing").get(10, TimeUnit.SECONDS));
        CompletableFuture<CacheChange<String>> changeOfA =
            Subscriptions.firstMatching(
                cache.changes(), c -> c.getKey().equals("/java-cache/config/a"));
        // The subscription is made when the publisher's collection starts: give it an instant.
        Thread.sleep(200);
        writer.put("/java-cache/config/a", "10").join();
        assertEquals("10", changeOfA.get(10, TimeUnit.SECONDS).getValue().getValue());
        assertEquals("10", cache.get("/java-cache/config/a").get(10, TimeUnit.SECONDS).getValue());
        CompletionException notUnder =
            assertThrows(CompletionException.class, () -> cache.get("/elsewhere/x").join());
        assertInstanceOf(IllegalArgumentException.class, notUnder.getCause());
      }
    }
  }

  @Test
  void readModifyUpdateFromTwoClientsLosesNoIncrementAndRunsOnTheCallbackExecutor()
      throws Exception {
    try (OxiaAsyncClient a = oxia.connect();
        OxiaAsyncClient b = oxia.connect()) {
      Set<String> threads = ConcurrentHashMap.newKeySet();
      List<CompletableFuture<Void>> workers = new ArrayList<>();
      List<OxiaAsyncCache<Long>> caches = new ArrayList<>();
      for (OxiaAsyncClient client : List.of(a, b)) {
        OxiaAsyncCache<Long> cache =
            OxiaRecipes.cache(client, "/java-cache/counters/", LONGS).build();
        caches.add(cache);
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (int i = 0; i < 15; i++) {
          chain =
              chain.thenCompose(
                  ignored ->
                      cache
                          .readModifyUpdate(
                              "/java-cache/counters/n",
                              old -> {
                                threads.add(String.valueOf(RecipeServer.onCallbackThread()));
                                return old == null ? 1L : old + 1;
                              })
                          .thenAccept(written -> {}));
        }
        workers.add(chain);
      }
      CompletableFuture.allOf(workers.toArray(new CompletableFuture<?>[0]))
          .get(30, TimeUnit.SECONDS);
      CachedValue<Long> total =
          caches.get(0).get("/java-cache/counters/n").get(10, TimeUnit.SECONDS);
      assertTrue(total.getValue() >= 1);
      assertEquals("30", a.get("/java-cache/counters/n").join().getValueAsString());
      assertEquals(Set.of("true"), threads);
      caches.forEach(OxiaAsyncCache::close);
    }
  }

  @Test
  void aBoundedCacheHoldsAtMostItsLimit() throws Exception {
    try (OxiaAsyncClient client = oxia.connect()) {
      try (OxiaAsyncCache<String> cache =
          OxiaRecipes.cache(client, "/java-cache/bounded/", CacheCodec.UTF8)
              .maxEntries(2)
              .build()) {
        for (int i = 0; i < 4; i++)
          cache.put("/java-cache/bounded/k" + i, "v" + i).get(10, TimeUnit.SECONDS);
        for (int i = 0; i < 4; i++)
          assertEquals(
              "v" + i, cache.get("/java-cache/bounded/k" + i).get(10, TimeUnit.SECONDS).getValue());
        assertEquals(
            Set.of("/java-cache/bounded/k2", "/java-cache/bounded/k3"),
            cache.snapshot().keySet().stream().collect(Collectors.toSet()));
        assertEquals(2, cache.getMaxEntries());
      }
    }
  }
}
