package io.oxia.coroutines.samples;

import io.oxia.coroutines.GetOptions;
import io.oxia.coroutines.GetResult;
import io.oxia.coroutines.KeyComparison;
import io.oxia.coroutines.PutOptions;
import io.oxia.coroutines.PutResult;
import io.oxia.coroutines.java.OxiaAsyncClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/** The README's Java tour. Run it with the address of an Oxia server (default 127.0.0.1:6648). */
public final class JavaTour {
  public static void main(String[] args) throws Exception {
    run(args.length > 0 ? args[0] : "127.0.0.1:6648");
  }

  public static void run(String address) throws Exception {
    try (OxiaAsyncClient client =
        OxiaAsyncClient.builder(address)
            .requestTimeout(Duration.ofSeconds(10))
            .connect()
            .get(30, TimeUnit.SECONDS)) {
      client.deleteRange("/tour-java/", "/tour-java/~").join(); // a clean slate

      PutOptions ifAbsent = PutOptions.builder().ifAbsent().build();
      PutResult created = client.put("/tour-java/1", "one", ifAbsent).join();
      System.out.println(created.getVersion().getModificationsCount()); // 0
      client.put("/tour-java/3", "three").join();
      GetOptions floor = GetOptions.builder().comparison(KeyComparison.FLOOR).build();
      GetResult below = client.get("/tour-java/2", floor).join();
      System.out.println(below.getKey()); // /tour-java/1

      // A Flow.Publisher<String>: the subscriber asks for one key at a time.
      KeyCollector keys = new KeyCollector();
      client.list("/tour-java/", "/tour-java/~").subscribe(keys);
      System.out.println(keys.all.get(10, TimeUnit.SECONDS)); // [/tour-java/1, /tour-java/3]
    } // close() returns once the client is closed; the listing ended before it
  }

  /** Collects every key, requesting one at a time; [all] completes with the keys or the error. */
  static final class KeyCollector implements Flow.Subscriber<String> {
    final CompletableFuture<List<String>> all = new CompletableFuture<>();
    private final List<String> keys = new ArrayList<>();
    private Flow.Subscription subscription;

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      subscription.request(1);
    }

    @Override
    public void onNext(String key) {
      keys.add(key);
      subscription.request(1);
    }

    @Override
    public void onError(Throwable failure) {
      all.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
      all.complete(keys);
    }
  }
}
