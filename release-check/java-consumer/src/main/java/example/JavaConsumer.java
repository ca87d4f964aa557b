package example;

import io.oxia.coroutines.OxiaTimeoutException;
import io.oxia.coroutines.PutOptions;
import io.oxia.coroutines.java.OxiaAsyncClient;
import io.oxia.coroutines.recipes.CacheCodec;
import io.oxia.coroutines.recipes.java.OxiaAsyncCache;
import io.oxia.coroutines.recipes.java.OxiaAsyncLock;
import io.oxia.coroutines.recipes.java.OxiaRecipes;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;

/** A plain Java application: no Kotlin compiler, only the Java facade and the recipes for Java. */
public final class JavaConsumer {
  private JavaConsumer() {}

  /** Compiled, never called: futures, options and a publisher as a Java user writes them. */
  static void typicalUse(OxiaAsyncClient client, Flow.Subscriber<String> subscriber) {
    client.put("/a", "1", PutOptions.builder().ifAbsent().build()).join();
    client.list("/", "/~").subscribe(subscriber);
  }

  /** Compiled, never called: a lock and a cache of the recipes, as a Java user writes them. */
  static long recipes(OxiaAsyncClient client) {
    OxiaAsyncLock lock = OxiaRecipes.lock(client, "/locks/report").build();
    long token =
        lock.withLock(lease -> CompletableFuture.completedFuture(lease.getFencingToken())).join();
    try (OxiaAsyncCache<String> config =
        OxiaRecipes.cache(client, "/config/", CacheCodec.UTF8).maxEntries(100).build()) {
      config.readModifyUpdate("/config/runs", old -> old == null ? "1" : old + "+1").join();
    }
    return token;
  }

  /** Connects to a port nobody listens on: the library loads, runs and fails with its own exception. */
  public static void main(String[] args) throws Exception {
    // The recipes' classes load without a server: a builder refuses a client backed by none.
    try {
      OxiaAsyncClient unconnected =
          (OxiaAsyncClient)
              Proxy.newProxyInstance(
                  JavaConsumer.class.getClassLoader(),
                  new Class<?>[] {OxiaAsyncClient.class},
                  (proxy, method, arguments) -> {
                    throw new UnsupportedOperationException(method.getName());
                  });
      OxiaRecipes.lock(unconnected, "/locks/report").build();
      throw new IllegalStateException("a lock built on a client without a Kotlin client");
    } catch (UnsupportedOperationException expected) {
      System.out.println("java consumer: recipes loaded");
    }
    try {
      OxiaAsyncClient.builder("127.0.0.1:1")
          .connectTimeout(Duration.ofMillis(300))
          .connect()
          .get()
          .close();
      throw new IllegalStateException("connected to a port nobody listens on");
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof OxiaTimeoutException)) {
        throw e;
      }
      System.out.println("java consumer: " + e.getCause().getMessage());
    }
  }
}
