package io.oxia.coroutines.samples;

import io.oxia.coroutines.GetOptions;
import io.oxia.coroutines.GetResult;
import io.oxia.coroutines.KeyAlreadyExistsException;
import io.oxia.coroutines.KeyComparison;
import io.oxia.coroutines.KeySorting;
import io.oxia.coroutines.PutOptions;
import io.oxia.coroutines.PutResult;
import io.oxia.coroutines.java.OxiaAsyncClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/** The client from Java: futures for operations, a Flow.Publisher for a listing. */
public final class JavaSample {
  private JavaSample() {}

  public static void run(String address, KeySorting sorting) throws Exception {
    System.out.println("== Java: futures and publishers");
    try (OxiaAsyncClient client =
        OxiaAsyncClient.builder(address)
            .requestTimeout(Duration.ofSeconds(10))
            .keySorting(sorting)
            .connect()
            .get(30, TimeUnit.SECONDS)) {
      PutResult created =
          client.put("/samples/java/1", "one", PutOptions.builder().ifAbsent().build()).join();
      SampleCheckKt.check(0L, created.getVersion().getModificationsCount(), "Java: new record");

      try {
        client.put("/samples/java/1", "again", PutOptions.builder().ifAbsent().build()).join();
        SampleCheckKt.check("rejected", "written", "Java: create of an existing key");
      } catch (CompletionException e) {
        SampleCheckKt.check(
            true,
            e.getCause() instanceof KeyAlreadyExistsException,
            "Java: typed error as the cause");
      }

      client.put("/samples/java/3", "three").join();
      GetResult floor =
          client
              .get("/samples/java/2", GetOptions.builder().comparison(KeyComparison.FLOOR).build())
              .join();
      SampleCheckKt.check("/samples/java/1", floor.getKey(), "Java: floor of /samples/java/2");

      // A Flow.Publisher<String>, consumed one key at a time.
      List<String> keys =
          Publishers.all(client.list("/samples/java/", "/samples/java/~"))
              .get(10, TimeUnit.SECONDS);
      SampleCheckKt.check(List.of("/samples/java/1", "/samples/java/3"), keys, "Java: listed keys");
    }
  }
}
