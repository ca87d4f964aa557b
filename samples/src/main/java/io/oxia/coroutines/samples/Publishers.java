package io.oxia.coroutines.samples;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.Predicate;

/** Small subscribers the Java samples use, each turning a publisher into a future. */
final class Publishers {
  private Publishers() {}

  /** The first item, asked for with a demand of one; then the subscription is cancelled. */
  static <T> CompletableFuture<T> first(Flow.Publisher<T> publisher) {
    return firstMatching(publisher, item -> true);
  }

  /** The first item that matches, asked for one at a time; then the subscription is cancelled. */
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
            result.completeExceptionally(new IllegalStateException("ended without a match"));
          }
        });
    return result;
  }

  /** Every item, each asked for one at a time, until the publisher completes. */
  static <T> CompletableFuture<List<T>> all(Flow.Publisher<T> publisher) {
    CompletableFuture<List<T>> result = new CompletableFuture<>();
    List<T> items = new ArrayList<>();
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
            items.add(item);
            subscription.request(1);
          }

          @Override
          public void onError(Throwable t) {
            result.completeExceptionally(t);
          }

          @Override
          public void onComplete() {
            result.complete(items);
          }
        });
    return result;
  }
}
