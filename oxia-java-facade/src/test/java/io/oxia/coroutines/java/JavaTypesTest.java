package io.oxia.coroutines.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oxia.coroutines.ClientClosedException;
import io.oxia.coroutines.DeleteOptions;
import io.oxia.coroutines.GetOptions;
import io.oxia.coroutines.GetResult;
import io.oxia.coroutines.InvalidArgumentException;
import io.oxia.coroutines.KeyAlreadyExistsException;
import io.oxia.coroutines.Notification;
import io.oxia.coroutines.NotificationOptions;
import io.oxia.coroutines.NotificationType;
import io.oxia.coroutines.OutcomeUnknownException;
import io.oxia.coroutines.OxiaClientBuilder;
import io.oxia.coroutines.OxiaClientConfig;
import io.oxia.coroutines.OxiaException;
import io.oxia.coroutines.OxiaTimeoutException;
import io.oxia.coroutines.PutOptions;
import io.oxia.coroutines.PutResult;
import io.oxia.coroutines.RangeOptions;
import io.oxia.coroutines.SequenceUpdateOptions;
import io.oxia.coroutines.SessionEvent;
import io.oxia.coroutines.SessionEventOptions;
import io.oxia.coroutines.SessionState;
import io.oxia.coroutines.UnavailableException;
import io.oxia.coroutines.UnexpectedVersionException;
import io.oxia.coroutines.admin.DataServerAlreadyExistsException;
import io.oxia.coroutines.admin.DataServerNotFoundException;
import io.oxia.coroutines.admin.NamespaceAlreadyExistsException;
import io.oxia.coroutines.admin.OxiaAdminClientBuilder;
import io.oxia.coroutines.admin.OxiaAdminConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

/** The public types as Java code uses them: getters, switches, fakes and their exceptions. */
class JavaTypesTest {
  @Test
  void configurationGettersAreJavaDurations() {
    OxiaClientBuilder builder = new OxiaClientBuilder("localhost:6648");
    OxiaClientConfig config = builder.build();
    Duration request = config.getRequestTimeout();
    Duration connect = config.getConnectTimeout();
    Duration session = config.getSessionTimeout();
    Duration linger = config.getBatchLinger();
    assertEquals(Duration.ofSeconds(30), request);
    assertEquals(Duration.ofSeconds(10), connect);
    assertEquals(Duration.ofSeconds(15), session);
    assertEquals(Duration.ZERO, linger);
    assertEquals(Duration.ofMillis(100), config.getReconnectBackoffInitial());
    assertEquals(Duration.ofSeconds(1), config.getReconnectBackoffMax());
    assertEquals(Duration.ofSeconds(6), config.getKeepAliveInterval());
    assertEquals(Duration.ofSeconds(4), config.getKeepAliveTimeout());
    OxiaAdminConfig admin = new OxiaAdminClientBuilder("localhost:6651").build();
    assertEquals(Duration.ofSeconds(30), admin.getRequestTimeout());
  }

  private static String describe(NotificationType type) {
    switch (type) {
      case KEY_CREATED:
        return "created";
      case KEY_MODIFIED:
        return "modified";
      case KEY_DELETED:
        return "deleted";
      case KEY_RANGE_DELETED:
        return "range deleted";
      case UNKNOWN:
        return "unknown";
    }
    throw new AssertionError(type);
  }

  @Test
  void notificationKindsAndSessionStatesWorkInASwitch() {
    assertEquals("created", describe(NotificationType.KEY_CREATED));
    assertEquals("unknown", describe(NotificationType.of(42)));
    Notification fromNewerServer =
        new Notification(NotificationType.of(42), "/k", null, null, 1, 2, 3, 42);
    assertEquals(NotificationType.UNKNOWN, fromNewerServer.getType());
    assertEquals(42, fromNewerServer.getWireType());
    String state =
        switch (new SessionEvent(1, 2, SessionState.EXPIRED).getState()) {
          case CREATED, RECREATED -> "open";
          case EXPIRED, CLOSED -> "gone";
        };
    assertEquals("gone", state);
  }

  @Test
  void everyFailureSaysWhetherAnotherAttemptMaySucceed() {
    List<OxiaException> retryable =
        List.of(
            new OxiaTimeoutException("slow"),
            new UnavailableException("down"),
            new OutcomeUnknownException("lost"));
    List<OxiaException> final_ =
        List.of(
            new UnexpectedVersionException("/k", 3),
            new KeyAlreadyExistsException("/k"),
            new InvalidArgumentException("bad"),
            new ClientClosedException(),
            new NamespaceAlreadyExistsException("orders"),
            new DataServerAlreadyExistsException("server-1"),
            new DataServerNotFoundException("server-9"));
    for (OxiaException e : retryable) assertTrue(e.isRetryable(), e.toString());
    for (OxiaException e : final_) assertFalse(e.isRetryable(), e.toString());
  }

  @Test
  void aFakeClientWrittenInJavaThrowsTheClientsExceptions() {
    OxiaAsyncClient fake = new RefusingClient();
    CompletionException e =
        assertThrows(CompletionException.class, () -> fake.put("/k", "v").join());
    KeyAlreadyExistsException exists =
        assertInstanceOf(KeyAlreadyExistsException.class, e.getCause());
    assertEquals("/k", exists.getKey());
    assertNull(fake.get("/missing").join());
    assertFalse(fake.delete("/k").join());
    assertEquals(List.of(), fake.listKeys("/a", "/b").join());
    assertSame(RangeOptions.DEFAULT, ((RefusingClient) fake).lastRangeOptions);
  }

  /** A fake implementing only the abstract methods: the overloads come from the interface. */
  private static final class RefusingClient implements OxiaAsyncClient {
    RangeOptions lastRangeOptions;

    @Override
    public OxiaClientConfig getConfig() {
      return new OxiaClientBuilder("localhost:6648").build();
    }

    @Override
    public CompletableFuture<PutResult> put(String key, byte[] value, PutOptions options) {
      return CompletableFuture.failedFuture(new KeyAlreadyExistsException(key));
    }

    @Override
    public CompletableFuture<GetResult> get(String key, GetOptions options) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Boolean> delete(String key, DeleteOptions options) {
      return CompletableFuture.completedFuture(false);
    }

    @Override
    public CompletableFuture<Void> deleteRange(
        String start, String end, String partitionKey, java.time.Duration timeout) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public Flow.Publisher<String> list(String start, String end, RangeOptions options) {
      return subscriber -> subscriber.onError(new UnavailableException("down"));
    }

    @Override
    public CompletableFuture<List<String>> listKeys(
        String start, String end, RangeOptions options) {
      lastRangeOptions = options;
      return CompletableFuture.completedFuture(new ArrayList<>());
    }

    @Override
    public Flow.Publisher<GetResult> rangeScan(String start, String end, RangeOptions options) {
      return subscriber -> subscriber.onError(new UnavailableException("down"));
    }

    @Override
    public CompletableFuture<List<GetResult>> rangeScanAll(
        String start, String end, RangeOptions options) {
      return CompletableFuture.completedFuture(List.of());
    }

    @Override
    public Flow.Publisher<Notification> notifications(NotificationOptions options) {
      return subscriber -> subscriber.onError(new UnavailableException("down"));
    }

    @Override
    public Flow.Publisher<String> sequenceUpdates(
        String prefixKey, String partitionKey, SequenceUpdateOptions options) {
      return subscriber -> subscriber.onError(new UnavailableException("down"));
    }

    @Override
    public Flow.Publisher<SessionEvent> sessionEvents(SessionEventOptions options) {
      return subscriber -> subscriber.onError(new UnavailableException("down"));
    }

    @Override
    public CompletableFuture<Void> closeAsync() {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() {}
  }
}
