package io.oxia.coroutines.recipes.java.it;

import io.oxia.coroutines.KeySorting;
import io.oxia.coroutines.java.OxiaAsyncClient;
import io.oxia.coroutines.testing.OxiaStandalone;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** What each test class shares: a standalone server, and an executor for callbacks. */
final class RecipeServer {
  /** The name of the threads of {@link #callbacks}. */
  static final String CALLBACK_THREAD = "user-callbacks";

  /**
   * Whether the current thread is one of {@link #callbacks}: its name, with the coroutine's added
   * when the tests run with coroutine debugging on.
   */
  static boolean onCallbackThread() {
    String name = Thread.currentThread().getName();
    return name.equals(CALLBACK_THREAD) || name.startsWith(CALLBACK_THREAD + " @coroutine#");
  }

  final OxiaStandalone server = OxiaStandalone.start(3);
  final ExecutorService callbacks =
      Executors.newCachedThreadPool(task -> new Thread(task, CALLBACK_THREAD));

  /** A client whose futures complete on {@link #callbacks}, with a 4 s session timeout. */
  OxiaAsyncClient connect() throws Exception {
    return OxiaAsyncClient.builder(server.getServiceAddress())
        .callbackExecutor(callbacks)
        .requestTimeout(Duration.ofSeconds(10))
        .sessionTimeout(Duration.ofSeconds(4))
        .keySorting(
            server.getVersion().startsWith("v0.14")
                ? KeySorting.SEGMENTED
                : KeySorting.HIERARCHICAL)
        .connect()
        .get(30, TimeUnit.SECONDS);
  }

  void close() {
    callbacks.shutdownNow();
    server.close();
  }
}
