package io.oxia.coroutines.java.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.oxia.coroutines.KeySorting;
import io.oxia.coroutines.java.OxiaAsyncClient;
import io.oxia.coroutines.testing.OxiaStandalone;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Metrics and spans as a Java service records them, against a real standalone Oxia. */
class TelemetryTest {
  private static OxiaStandalone server;

  @BeforeAll
  static void startServer() {
    server = OxiaStandalone.start(1);
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void operationsAreMeasuredAndTracedUnderTheCallersSpan() throws Exception {
    InMemoryMetricReader metrics = InMemoryMetricReader.create();
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(spans))
                    .build())
            .build();
    try (OxiaAsyncClient client =
        OxiaAsyncClient.builder(server.getServiceAddress())
            .keySorting(
                server.getVersion().startsWith("v0.14")
                    ? KeySorting.SEGMENTED
                    : KeySorting.HIERARCHICAL)
            .openTelemetry(sdk)
            .connect()
            .get()) {
      Span parent = sdk.getTracer("test").spanBuilder("request").startSpan();
      Flow.Publisher<String> keys;
      try (Scope ignored = parent.makeCurrent()) {
        client.put("/java-telemetry", "value".getBytes(StandardCharsets.UTF_8)).get();
        client.get("/java-telemetry").get();
        keys = client.list("/java-telemetry", "/java-telemetry0");
      } finally {
        parent.end();
      }
      // Collected later, on other threads: the list's span is still the caller's child.
      assertEquals(List.of("/java-telemetry"), Subscriptions.all(keys).get());

      List<SpanData> children =
          spans.getFinishedSpanItems().stream()
              .filter(s -> s.getParentSpanId().equals(parent.getSpanContext().getSpanId()))
              .toList();
      assertEquals(
          List.of("oxia put", "oxia get", "oxia list"),
          children.stream().map(SpanData::getName).toList());

      long operations =
          metrics.collectAllMetrics().stream()
              .filter(m -> m.getName().equals("oxia.client.ops"))
              .map(MetricData::getHistogramData)
              .flatMap(h -> h.getPoints().stream())
              .mapToLong(HistogramPointData::getCount)
              .sum();
      assertEquals(3, operations);
    }
  }
}
