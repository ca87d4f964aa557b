package io.oxia.coroutines.java.it;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.Predicate;

/** Subscribers the tests use, each exposing what it observes as a future. */
final class Subscriptions {
  private Subscriptions() {}

  /** The first item that matches, requested one at a time; the subscription is then cancelled. */
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

  /** The first item. */
  static <T> CompletableFuture<T> first(Flow.Publisher<T> publisher) {
    return firstMatching(publisher, item -> true);
  }

  /** Every item until the publisher completes; fails with the publisher's error. */
  static <T> CompletableFuture<List<T>> all(Flow.Publisher<T> publisher) {
    CompletableFuture<List<T>> result = new CompletableFuture<>();
    List<T> items = new ArrayList<>();
    publisher.subscribe(
        new Flow.Subscriber<>() {
          @Override
          public void onSubscribe(Flow.Subscription s) {
            s.request(Long.MAX_VALUE);
          }

          @Override
          public void onNext(T item) {
            items.add(item);
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

  /** How the publisher ends: with its error, or null when it completes. Items are dropped. */
  static CompletableFuture<Throwable> ending(Flow.Publisher<?> publisher) {
    CompletableFuture<Throwable> result = new CompletableFuture<>();
    publisher.subscribe(
        new Flow.Subscriber<Object>() {
          @Override
          public void onSubscribe(Flow.Subscription s) {
            s.request(Long.MAX_VALUE);
          }

          @Override
          public void onNext(Object item) {}

          @Override
          public void onError(Throwable t) {
            result.complete(t);
          }

          @Override
          public void onComplete() {
            result.complete(null);
          }
        });
    return result;
  }
}
