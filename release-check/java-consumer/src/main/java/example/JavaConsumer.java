package example;

import io.oxia.coroutines.OxiaTimeoutException;
import io.oxia.coroutines.PutOptions;
import io.oxia.coroutines.java.OxiaAsyncClient;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;

/** A plain Java application: no Kotlin compiler, only the Java facade. */
public final class JavaConsumer {
  private JavaConsumer() {}

  /** Compiled, never called: futures, options and a publisher as a Java user writes them. */
  static void typicalUse(OxiaAsyncClient client, Flow.Subscriber<String> subscriber) {
    client.put("/a", "1", PutOptions.builder().ifAbsent().build()).join();
    client.list("/", "/~").subscribe(subscriber);
  }

  /** Connects to a port nobody listens on: the library loads, runs and fails with its own exception. */
  public static void main(String[] args) throws Exception {
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
