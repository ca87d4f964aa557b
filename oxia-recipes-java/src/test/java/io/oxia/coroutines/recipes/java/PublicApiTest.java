package io.oxia.coroutines.recipes.java;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.oxia.coroutines.testing.apirecord.ApiRecord;
import java.io.File;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The public API of {@code io.oxia.coroutines.recipes.java}, compared with its record {@code
 * api/oxia-recipes-java.api}: run with {@code -Dapi.update=true} to update it on purpose. And what
 * the record shows Java users: none of Kotlin's machinery.
 */
class PublicApiTest {
  @Test
  void publicApiMatchesItsRecord() {
    ApiRecord.verify(
        "oxia-recipes-java",
        "io.oxia.coroutines.recipes.java",
        new File("target/classes"),
        new File("api/oxia-recipes-java.api"));
  }

  @Test
  void javaUsersSeeNoContinuationCompanionFileClassOrKotlinFunctionType() throws Exception {
    String api = ApiRecord.dump(new File("target/classes"), "io.oxia.coroutines.recipes.java");
    List<String> kotlinisms =
        api.lines()
            .filter(
                line ->
                    line.contains("kotlin.coroutines.Continuation")
                        || line.contains("Companion")
                        || line.matches(".*\\.[A-Za-z]+Kt[.$ (].*")
                        || line.contains("kotlin.jvm.functions")
                        || line.contains("kotlinx.coroutines")
                        || line.contains("kotlin.time")
                        || line.contains("kotlin.Unit"))
            .collect(Collectors.toList());
    assertEquals(List.of(), kotlinisms);
    assertEquals(true, api.contains("io.oxia.coroutines.recipes.java.OxiaRecipes.lock("));
    assertEquals(
        false,
        Files.exists(
            new File("target/classes/io/oxia/coroutines/recipes/java/OxiaRecipesKt.class")
                .toPath()));
  }
}
