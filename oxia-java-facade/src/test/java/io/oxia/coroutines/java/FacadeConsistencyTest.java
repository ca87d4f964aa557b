package io.oxia.coroutines.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oxia.coroutines.OxiaClient;
import io.oxia.coroutines.admin.OxiaAdminClient;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every suspend function of the Kotlin client has a future twin in {@link OxiaAsyncClient} and a
 * blocking twin in {@link OxiaSyncClient}, and every Flow a Publisher twin in {@link
 * OxiaAsyncClient}.
 */
class FacadeConsistencyTest {
  /** Core members whose facade twin has another name, on purpose. */
  private static final Map<String, String> RENAMED =
      Map.of(
          "shutdown",
          "closeAsync",
          "getSessionEvents",
          "sessionEvents",
          "getClientEvents",
          "clientEvents");

  /** Core members the facade deliberately does not mirror. */
  private static final Set<String> NOT_MIRRORED = Set.of();

  /** Core members whose blocking twin has another name, on purpose. */
  private static final Map<String, String> SYNC_RENAMED =
      Map.of("shutdown", "close", "list", "listKeys", "rangeScan", "rangeScanAll");

  /** Core members the blocking client deliberately does not mirror: streams that do not end. */
  private static final Set<String> SYNC_NOT_MIRRORED =
      Set.of(
          "notifications",
          "sequenceUpdates",
          "getSessionEvents",
          "sessionEvents",
          "getClientEvents");

  /**
   * A core member's name as Java sees its twin: without the suffix Kotlin adds to members taking
   * inline-class parameters such as {@code kotlin.time.Duration}.
   */
  private static String plainName(Method m) {
    int dash = m.getName().indexOf('-');
    return dash < 0 ? m.getName() : m.getName().substring(0, dash);
  }

  private static boolean isSuspend(Method m) {
    Class<?>[] params = m.getParameterTypes();
    return params.length > 0
        && params[params.length - 1].getName().equals("kotlin.coroutines.Continuation");
  }

  private static boolean isFlow(Method m) {
    return m.getReturnType().getName().equals("kotlinx.coroutines.flow.Flow");
  }

  private static Set<String> facadeMethods(Class<?> returnType) {
    return Arrays.stream(OxiaAsyncClient.class.getMethods())
        .filter(m -> returnType.isAssignableFrom(m.getReturnType()))
        .map(Method::getName)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void everySuspendFunctionHasAFutureTwin() {
    Set<String> futures = facadeMethods(CompletableFuture.class);
    Set<String> missing = new TreeSet<>();
    for (Method m : OxiaClient.class.getMethods()) {
      if (Modifier.isStatic(m.getModifiers()) || !isSuspend(m)) continue;
      String name = RENAMED.getOrDefault(plainName(m), plainName(m));
      if (!NOT_MIRRORED.contains(plainName(m)) && !futures.contains(name)) missing.add(m.getName());
    }
    assertEquals(Set.of(), missing, "suspend functions without a CompletableFuture twin");
  }

  @Test
  void everyFlowHasAPublisherTwin() {
    Set<String> publishers = facadeMethods(Flow.Publisher.class);
    Set<String> missing = new TreeSet<>();
    for (Method m : OxiaClient.class.getMethods()) {
      if (Modifier.isStatic(m.getModifiers()) || !isFlow(m)) continue;
      String name = RENAMED.getOrDefault(m.getName(), m.getName());
      if (!NOT_MIRRORED.contains(m.getName()) && !publishers.contains(name))
        missing.add(m.getName());
    }
    assertEquals(Set.of(), missing, "flows without a Flow.Publisher twin");
  }

  @Test
  void everySuspendFunctionAndEveryEndingFlowHasABlockingTwin() {
    Set<String> blocking =
        Arrays.stream(OxiaSyncClient.class.getMethods())
            .filter(
                m ->
                    !CompletableFuture.class.isAssignableFrom(m.getReturnType())
                        && !Flow.Publisher.class.isAssignableFrom(m.getReturnType()))
            .map(Method::getName)
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> missing = new TreeSet<>();
    for (Method m : OxiaClient.class.getMethods()) {
      if (Modifier.isStatic(m.getModifiers()) || !(isSuspend(m) || isFlow(m))) continue;
      if (SYNC_NOT_MIRRORED.contains(plainName(m))) continue;
      if (!blocking.contains(SYNC_RENAMED.getOrDefault(plainName(m), plainName(m))))
        missing.add(m.getName());
    }
    assertEquals(Set.of(), missing, "core members without a blocking twin");
  }

  @Test
  void theListOfDeliberateDeviationsIsNotStale() {
    Set<String> coreNames =
        Arrays.stream(OxiaClient.class.getMethods())
            .map(Method::getName)
            .collect(Collectors.toSet());
    for (String name : RENAMED.keySet()) {
      assertTrue(
          coreNames.contains(name), "RENAMED lists " + name + ", which the core no longer has");
    }
    Set<String> all = new TreeSet<>(NOT_MIRRORED);
    all.addAll(SYNC_RENAMED.keySet());
    all.addAll(SYNC_NOT_MIRRORED);
    for (String name : all) {
      assertTrue(
          coreNames.contains(name),
          "a list of deviations names " + name + ", which the core no longer has");
    }
  }

  @Test
  void everyAdminSuspendFunctionHasAFutureTwin() {
    Set<String> futures =
        Arrays.stream(OxiaAdminAsyncClient.class.getMethods())
            .filter(m -> CompletableFuture.class.isAssignableFrom(m.getReturnType()))
            .map(Method::getName)
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> missing = new TreeSet<>();
    for (Method m : OxiaAdminClient.class.getMethods()) {
      if (Modifier.isStatic(m.getModifiers()) || !isSuspend(m)) continue;
      if (!futures.contains(RENAMED.getOrDefault(m.getName(), m.getName())))
        missing.add(m.getName());
    }
    assertEquals(Set.of(), missing, "admin suspend functions without a CompletableFuture twin");
  }

  @Test
  void noKotlinTypeLeaksIntoTheFacade() {
    for (Class<?> type :
        new Class<?>[] {
          OxiaAsyncClient.class,
          OxiaSyncClient.class,
          OxiaAsyncClientBuilder.class,
          OxiaAdminAsyncClient.class,
          OxiaAdminAsyncClientBuilder.class
        }) {
      for (Method m : type.getMethods()) {
        if (m.getDeclaringClass() == Object.class) continue;
        String signature = m.toGenericString();
        assertTrue(
            !signature.contains("kotlin.") && !signature.contains("Continuation"),
            "Kotlin type in the Java facade: " + signature);
      }
    }
  }
}
