package io.oxia.coroutines.samples;

import io.oxia.coroutines.KeySorting;
import io.oxia.coroutines.java.OxiaAsyncClient;
import io.oxia.coroutines.recipes.CacheCodec;
import io.oxia.coroutines.recipes.Leader;
import io.oxia.coroutines.recipes.Member;
import io.oxia.coroutines.recipes.java.AsyncLease;
import io.oxia.coroutines.recipes.java.OxiaAsyncCache;
import io.oxia.coroutines.recipes.java.OxiaAsyncElection;
import io.oxia.coroutines.recipes.java.OxiaAsyncLock;
import io.oxia.coroutines.recipes.java.OxiaRecipes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The recipes from Java, with two clients standing for two processes: a lock, an election, a
 * membership group and a cache, all with futures and publishers.
 */
public final class JavaRecipesSample {
  private JavaRecipesSample() {}

  private static OxiaAsyncClient connect(String address, KeySorting sorting) throws Exception {
    return OxiaAsyncClient.builder(address)
        .requestTimeout(Duration.ofSeconds(10))
        .keySorting(sorting)
        .connect()
        .get(30, TimeUnit.SECONDS);
  }

  public static void run(String address, KeySorting sorting) throws Exception {
    System.out.println("== Java: recipes");
    try (OxiaAsyncClient a = connect(address, sorting);
        OxiaAsyncClient b = connect(address, sorting)) {
      lock(a, b);
      election(a, b);
      membership(a, b);
      cache(a, b);
    }
  }

  private static void lock(OxiaAsyncClient a, OxiaAsyncClient b) throws Exception {
    int[] counter = {0}; // safe: the lock lets one holder at a time touch it
    List<CompletableFuture<Long>> holdings = new ArrayList<>();
    for (OxiaAsyncClient client : List.of(a, b)) {
      OxiaAsyncLock lock = OxiaRecipes.lock(client, "/samples/recipes-java/lock").build();
      for (int i = 0; i < 3; i++) {
        holdings.add(
            lock.withLock(
                lease -> {
                  counter[0]++;
                  return CompletableFuture.completedFuture(lease.getFencingToken());
                }));
      }
    }
    Set<Long> tokens = new HashSet<>();
    for (CompletableFuture<Long> holding : holdings) tokens.add(holding.get(30, TimeUnit.SECONDS));
    SampleCheckKt.check(6, counter[0], "Java recipes: increments made under the lock");
    SampleCheckKt.check(6, tokens.size(), "Java recipes: one fencing token per holding");
  }

  private static void election(OxiaAsyncClient a, OxiaAsyncClient b) throws Exception {
    String path = "/samples/recipes-java/leader";
    AsyncLease first =
        OxiaRecipes.election(a, path).build().campaign("node-a").get(30, TimeUnit.SECONDS);
    OxiaAsyncElection observer = OxiaRecipes.election(b, path).build();
    Optional<Leader> leader =
        Publishers.firstMatching(observer.leader(), Optional::isPresent).get(30, TimeUnit.SECONDS);
    SampleCheckKt.check("node-a", leader.get().getValueAsString(), "Java recipes: the leader");
    CompletableFuture<AsyncLease> next = observer.campaign("node-b");
    first.release().get(30, TimeUnit.SECONDS); // resign: the next candidate takes over
    AsyncLease second = next.get(30, TimeUnit.SECONDS);
    SampleCheckKt.check(
        true,
        second.getFencingToken() > first.getFencingToken(),
        "Java recipes: the next leader's token is higher");
    second.release().get(30, TimeUnit.SECONDS);
  }

  private static void membership(OxiaAsyncClient a, OxiaAsyncClient b) throws Exception {
    String group = "/samples/recipes-java/workers";
    OxiaRecipes.membership(a, group).join("worker-a", "10.0.0.1:8080").get(30, TimeUnit.SECONDS);
    var memberB = OxiaRecipes.membership(b, group);
    memberB.join("worker-b", "10.0.0.2:8080").get(30, TimeUnit.SECONDS);
    Set<Member> members =
        Publishers.firstMatching(OxiaRecipes.membership(a, group).members(), m -> m.size() == 2)
            .get(30, TimeUnit.SECONDS);
    SampleCheckKt.check(
        Set.of("worker-a", "worker-b"),
        members.stream().map(Member::getId).collect(Collectors.toSet()),
        "Java recipes: members");
    memberB.leave().get(30, TimeUnit.SECONDS);
  }

  private static void cache(OxiaAsyncClient a, OxiaAsyncClient b) throws Exception {
    b.put("/samples/recipes-java/config/retries", "3").join();
    try (OxiaAsyncCache<String> config =
        OxiaRecipes.cache(a, "/samples/recipes-java/config/", CacheCodec.UTF8).build()) {
      config.awaitLoaded().get(30, TimeUnit.SECONDS);
      SampleCheckKt.check(
          "3",
          config.get("/samples/recipes-java/config/retries").join().getValue(),
          "Java recipes: cache loaded");
      String updated =
          config
              .readModifyUpdate(
                  "/samples/recipes-java/config/retries",
                  old -> String.valueOf(Integer.parseInt(old) + 1))
              .get(30, TimeUnit.SECONDS)
              .getValue();
      SampleCheckKt.check("4", updated, "Java recipes: read-modify-update");
      SampleCheckKt.check(
          "4",
          config.get("/samples/recipes-java/config/retries").join().getValue(),
          "Java recipes: read your write");
    }
  }
}
