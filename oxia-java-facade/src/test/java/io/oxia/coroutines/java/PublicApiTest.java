package io.oxia.coroutines.java;

import io.oxia.coroutines.testing.apirecord.ApiRecord;
import java.io.File;
import org.junit.jupiter.api.Test;

/**
 * The public API of {@code io.oxia.coroutines.java}, compared with its record {@code
 * api/oxia-java-facade.api}. A change to the public surface fails here until the record is updated
 * on purpose: run with {@code -Dapi.update=true}, or copy {@code
 * target/oxia-java-facade.api.actual} over {@code api/oxia-java-facade.api}.
 */
class PublicApiTest {
  @Test
  void publicApiMatchesItsRecord() {
    ApiRecord.verify(
        "oxia-java-facade",
        "io.oxia.coroutines.java",
        new File("target/classes"),
        new File("api/oxia-java-facade.api"));
  }
}
