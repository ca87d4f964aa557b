package io.oxia.coroutines.recipes.java.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oxia.coroutines.java.OxiaAsyncClient;
import io.oxia.coroutines.recipes.Leader;
import io.oxia.coroutines.recipes.java.AsyncLease;
import io.oxia.coroutines.recipes.java.OxiaAsyncElection;
import io.oxia.coroutines.recipes.java.OxiaRecipes;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The election as Java code uses it: campaign, the leader publisher, resignation. */
class OxiaAsyncElectionTest {
  private static RecipeServer oxia;

  @BeforeAll
  static void start() {
    oxia = new RecipeServer();
  }

  @AfterAll
  static void stop() {
    oxia.close();
  }

  private static boolean leads(Optional<Leader> leader, String value) {
    return leader.isPresent() && leader.get().getValueAsString().equals(value);
  }

  @Test
  void observersSeeEachLeaderAndTheNextTakesOverOnResignation() throws Exception {
    try (OxiaAsyncClient a = oxia.connect();
        OxiaAsyncClient b = oxia.connect();
        OxiaAsyncClient observer = oxia.connect()) {
      String path = "/java-election/e";
      OxiaAsyncElection watched = OxiaRecipes.election(observer, path).build();
      Optional<Leader> none =
          Subscriptions.firstMatching(watched.leader(), leader -> true).get(10, TimeUnit.SECONDS);
      assertFalse(none.isPresent());
      AsyncLease leaderA =
          OxiaRecipes.election(a, path).build().campaign("node-a").get(10, TimeUnit.SECONDS);
      Leader seen =
          Subscriptions.firstMatching(watched.leader(), l -> leads(l, "node-a"))
              .get(10, TimeUnit.SECONDS)
              .get();
      assertEquals(leaderA.getFencingToken(), seen.getFencingToken());
      CompletableFuture<AsyncLease> campaignB =
          OxiaRecipes.election(b, path).build().campaign("node-b");
      CompletableFuture<Optional<Leader>> bLeads =
          Subscriptions.firstMatching(watched.leader(), l -> leads(l, "node-b"));
      Thread.sleep(300);
      assertFalse(campaignB.isDone());
      leaderA.release().get(10, TimeUnit.SECONDS);
      AsyncLease leaderB = campaignB.get(10, TimeUnit.SECONDS);
      assertTrue(leaderB.isHeld());
      assertEquals(
          leaderB.getFencingToken(), bLeads.get(10, TimeUnit.SECONDS).get().getFencingToken());
      leaderB.release().get(10, TimeUnit.SECONDS);
    }
  }
}
