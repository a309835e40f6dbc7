package io.sealstream.keymaterial;

import io.sealstream.keyservice.client.CiphertextNotAuthenticException;
import io.sealstream.keyservice.client.KeyDisabledException;
import io.sealstream.keyservice.client.KeyNotFoundException;
import io.sealstream.keyservice.client.KeyServiceSealedException;
import io.sealstream.keyservice.client.KeyServiceUnavailableException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the pipeline's key source did: key-service calls (each attempt, retries included) by
 * operation and outcome with their total latency, and cache hits and misses. Labels come from
 * fixed vocabularies: never key names, contexts or key material. Thread-safe.
 */
public final class KeySourceMetrics {
  /** Outcomes of one key-service call. */
  public enum Outcome {
    OK, NOT_FOUND, NOT_AUTHENTIC, DISABLED, SEALED, UNAVAILABLE, ERROR;

    static Outcome of(Throwable failure) {
      if (failure == null) {
        return OK;
      }
      if (failure instanceof KeyNotFoundException) {
        return NOT_FOUND;
      }
      if (failure instanceof CiphertextNotAuthenticException) {
        return NOT_AUTHENTIC;
      }
      if (failure instanceof KeyDisabledException) {
        return DISABLED;
      }
      if (failure instanceof KeyServiceSealedException) {
        return SEALED;
      }
      if (failure instanceof KeyServiceUnavailableException) {
        return UNAVAILABLE;
      }
      return ERROR;
    }

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private record Series(String operation, Outcome outcome) {}

  private final Map<Series, LongAdder> calls = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> nanos = new ConcurrentHashMap<>();
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();

  void call(String operation, Outcome outcome, long elapsedNanos) {
    calls.computeIfAbsent(new Series(operation, outcome), k -> new LongAdder()).increment();
    nanos.computeIfAbsent(operation, k -> new LongAdder()).add(elapsedNanos);
  }

  void cacheHit() {
    hits.increment();
  }

  void cacheMiss() {
    misses.increment();
  }

  /** key-service calls of {@code operation} ("generate", "decrypt", "create") that ended so. */
  public long calls(String operation, Outcome outcome) {
    LongAdder n = calls.get(new Series(operation, outcome));
    return n == null ? 0 : n.sum();
  }

  /** Total time spent in key-service calls of {@code operation}, in nanoseconds. */
  public long latencyNanos(String operation) {
    LongAdder n = nanos.get(operation);
    return n == null ? 0 : n.sum();
  }

  /** Lookups answered from a cache, without a key-service call. */
  public long cacheHits() {
    return hits.sum();
  }

  /** Lookups that needed a key-service call. */
  public long cacheMisses() {
    return misses.sum();
  }

  /** Prometheus text format, for whoever serves the pipeline's metrics. */
  public String prometheusText() {
    StringBuilder out = new StringBuilder();
    out.append("# TYPE sealstream_keysource_kms_calls_total counter\n");
    Map<String, Long> sorted = new TreeMap<>();
    calls.forEach(
        (s, n) -> sorted.put(
            "{operation=\"" + s.operation() + "\",outcome=\"" + s.outcome().label() + "\"}", n.sum()));
    sorted.forEach((labels, n) -> out.append("sealstream_keysource_kms_calls_total").append(labels)
        .append(' ').append(n).append('\n'));
    out.append("# TYPE sealstream_keysource_kms_seconds_total counter\n");
    new TreeMap<>(nanos).forEach(
        (op, n) -> out.append("sealstream_keysource_kms_seconds_total{operation=\"").append(op)
            .append("\"} ").append(n.sum() / 1e9).append('\n'));
    out.append("# TYPE sealstream_keysource_cache_total counter\n");
    out.append("sealstream_keysource_cache_total{result=\"hit\"} ").append(hits.sum()).append('\n');
    out.append("sealstream_keysource_cache_total{result=\"miss\"} ").append(misses.sum()).append('\n');
    return out.toString();
  }
}
