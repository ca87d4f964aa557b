package io.oxia.coroutines.recipes.java.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.oxia.coroutines.java.OxiaAsyncClient;
import io.oxia.coroutines.recipes.Member;
import io.oxia.coroutines.recipes.java.OxiaAsyncMembership;
import io.oxia.coroutines.recipes.java.OxiaRecipes;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Membership as Java code uses it: join, the members publisher, leave, a closed member. */
class OxiaAsyncMembershipTest {
  private static RecipeServer oxia;

  @BeforeAll
  static void start() {
    oxia = new RecipeServer();
  }

  @AfterAll
  static void stop() {
    oxia.close();
  }

  private static Map<String, String> byId(Set<Member> members) {
    return members.stream().collect(Collectors.toMap(Member::getId, Member::getMetadataAsString));
  }

  @Test
  void observersSeeMembersJoinLeaveAndGoWithTheirClient() throws Exception {
    try (OxiaAsyncClient a = oxia.connect();
        OxiaAsyncClient observer = oxia.connect()) {
      String group = "/java-group/workers";
      OxiaAsyncMembership watched = OxiaRecipes.membership(observer, group);
      OxiaAsyncClient b = oxia.connect();
      OxiaAsyncMembership memberA = OxiaRecipes.membership(a, group);
      memberA.join("a", "host-a:1").get(10, TimeUnit.SECONDS);
      OxiaRecipes.membership(b, group).join("b", "host-b:1").get(10, TimeUnit.SECONDS);
      Set<Member> both =
          Subscriptions.firstMatching(watched.members(), m -> m.size() == 2)
              .get(10, TimeUnit.SECONDS);
      assertEquals(Map.of("a", "host-a:1", "b", "host-b:1"), byId(both));
      memberA.leave().get(10, TimeUnit.SECONDS);
      Subscriptions.firstMatching(watched.members(), m -> byId(m).keySet().equals(Set.of("b")))
          .get(10, TimeUnit.SECONDS);
      b.close(); // its session ends: its member goes
      Subscriptions.firstMatching(watched.members(), Set::isEmpty).get(10, TimeUnit.SECONDS);
    }
  }
}
