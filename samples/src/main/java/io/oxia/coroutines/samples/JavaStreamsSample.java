package io.oxia.coroutines.samples;

import io.oxia.coroutines.GetOptions;
import io.oxia.coroutines.KeySorting;
import io.oxia.coroutines.Notification;
import io.oxia.coroutines.NotificationOptions;
import io.oxia.coroutines.PutOptions;
import io.oxia.coroutines.SequenceUpdateOptions;
import io.oxia.coroutines.SessionEvent;
import io.oxia.coroutines.SessionEventOptions;
import io.oxia.coroutines.SessionState;
import io.oxia.coroutines.java.OxiaAsyncClient;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Java: notifications, sequence updates and session events as publishers; a secondary index. */
public final class JavaStreamsSample {
  private JavaStreamsSample() {}

  public static void run(String address, KeySorting sorting) throws Exception {
    System.out.println("== Java: notifications, sequence keys, sessions, secondary indexes");
    try (OxiaAsyncClient client =
        OxiaAsyncClient.builder(address)
            .requestTimeout(Duration.ofSeconds(10))
            .keySorting(sorting)
            .connect()
            .get(30, TimeUnit.SECONDS)) {
      CountDownLatch listening = new CountDownLatch(1);
      CompletableFuture<Notification> change =
          Publishers.first(
              client.notifications(
                  NotificationOptions.builder()
                      .keyPrefix("/samples/java-streams/")
                      .onEstablished(listening::countDown)
                      .build()));
      listening.await(10, TimeUnit.SECONDS);
      client.put("/samples/java-streams/flag", "on").join();
      SampleCheckKt.check(
          "/samples/java-streams/flag",
          change.get(10, TimeUnit.SECONDS).getKey(),
          "Java: notified key");

      CountDownLatch sequenceListening = new CountDownLatch(1);
      CompletableFuture<String> newest =
          Publishers.first(
              client.sequenceUpdates(
                  "/samples/java-streams/job",
                  "jobs",
                  SequenceUpdateOptions.builder()
                      .onEstablished(sequenceListening::countDown)
                      .build()));
      sequenceListening.await(10, TimeUnit.SECONDS);
      String job =
          client
              .put(
                  "/samples/java-streams/job",
                  "task",
                  PutOptions.builder().partitionKey("jobs").sequenceKeyDeltas(1).build())
              .join()
              .getKey();
      SampleCheckKt.check(job, newest.get(10, TimeUnit.SECONDS), "Java: newest sequence key");

      CountDownLatch subscribed = new CountDownLatch(1);
      CompletableFuture<SessionEvent> session =
          Publishers.first(
              client.sessionEvents(
                  SessionEventOptions.builder().onSubscribed(subscribed::countDown).build()));
      subscribed.await(10, TimeUnit.SECONDS);
      client
          .put("/samples/java-streams/me", "alive", PutOptions.builder().ephemeral(true).build())
          .join();
      SampleCheckKt.check(
          SessionState.CREATED,
          session.get(10, TimeUnit.SECONDS).getState(),
          "Java: session event");

      client
          .put(
              "/samples/java-streams/user-7",
              "Grace",
              PutOptions.builder().secondaryIndex("email", "grace@example.com").build())
          .join();
      SampleCheckKt.check(
          "/samples/java-streams/user-7",
          client
              .get("grace@example.com", GetOptions.builder().secondaryIndexName("email").build())
              .join()
              .getKey(),
          "Java: user found by e-mail");
    }
  }
}
