package io.sealstream.keyservice;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of calls per operation and outcome, and their total latency, for {@code /v1/metrics}
 * in the Prometheus text format. Labels are the route's operation name and the outcome ({@code
 * ok} or the error code): fixed vocabularies, never key names, identities or request content, so
 * the endpoint can be public like the probes. Thread-safe.
 */
final class KeyServiceMetrics {
  private record Series(String operation, String outcome) implements Comparable<Series> {
    @Override
    public int compareTo(Series o) {
      int c = operation.compareTo(o.operation);
      return c != 0 ? c : outcome.compareTo(o.outcome);
    }
  }

  private record Totals(LongAdder calls, LongAdder nanos) {}

  private final Map<Series, Totals> series = new ConcurrentHashMap<>();

  /** Records one call of {@code operation} that ended in {@code outcome} after {@code nanos}. */
  void record(String operation, String outcome, long nanos) {
    Totals t =
        series.computeIfAbsent(
            new Series(operation, outcome), k -> new Totals(new LongAdder(), new LongAdder()));
    t.calls().increment();
    t.nanos().add(nanos);
  }

  /** How many calls of {@code operation} ended in {@code outcome} so far. */
  long count(String operation, String outcome) {
    Totals t = series.get(new Series(operation, outcome));
    return t == null ? 0 : t.calls().sum();
  }

  String prometheusText() {
    StringBuilder out = new StringBuilder();
    Map<Series, Totals> sorted = new TreeMap<>(series);
    out.append("# HELP sealstream_kms_requests_total Key-service calls by operation and outcome.\n");
    out.append("# TYPE sealstream_kms_requests_total counter\n");
    sorted.forEach(
        (s, t) -> out.append("sealstream_kms_requests_total").append(labels(s)).append(' ')
            .append(t.calls().sum()).append('\n'));
    out.append("# HELP sealstream_kms_request_seconds_total Time spent answering, by operation and outcome.\n");
    out.append("# TYPE sealstream_kms_request_seconds_total counter\n");
    sorted.forEach(
        (s, t) -> out.append("sealstream_kms_request_seconds_total").append(labels(s)).append(' ')
            .append(t.nanos().sum() / 1e9).append('\n'));
    return out.toString();
  }

  private static String labels(Series s) {
    return "{operation=\"" + s.operation() + "\",outcome=\"" + s.outcome() + "\"}";
  }
}
