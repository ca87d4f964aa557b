package io.oxia.coroutines.recipes.java.it;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.Predicate;

/** Subscribers the tests use, exposing what they observe as futures. */
final class Subscriptions {
  private Subscriptions() {}

  /**
   * The first item that matches, requested one at a time, and the thread it was signalled on; the
   * subscription is then cancelled.
   */
  static <T> CompletableFuture<T> firstMatching(Flow.Publisher<T> publisher, Predicate<T> wanted) {
    CompletableFuture<T> result = new CompletableFuture<>();
    publisher.subscribe(
        new Flow.Subscriber<>() {
          private Flow.Subscription subscription;

          @Override
          public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(1);
          }

          @Override
          public void onNext(T item) {
            if (wanted.test(item)) {
              result.complete(item);
              subscription.cancel();
            } else {
              subscription.request(1);
            }
          }

          @Override
          public void onError(Throwable t) {
            result.completeExceptionally(t);
          }

          @Override
          public void onComplete() {
            result.completeExceptionally(new IllegalStateException("ended before a match"));
          }
        });
    return result;
  }
}
