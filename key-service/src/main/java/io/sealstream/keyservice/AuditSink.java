package io.sealstream.keyservice;

/**
 * Where audit events go. The server calls {@link #record} for every call before the answer
 * leaves; a sink that throws makes the server withhold the answer ({@code 503 AuditUnavailable})
 * so no data key is released unaudited. A sink that must not hold calls up (a Kafka topic)
 * accepts the event and delivers it in the background instead.
 *
 * <p>Implementations are thread-safe.
 */
public interface AuditSink extends AutoCloseable {

  /** Records {@code event}, or throws if it cannot be kept. */
  void record(AuditEvent event);

  /** Flushes and releases what the sink holds. */
  @Override
  default void close() {}

  /** A sink that keeps nothing: for tests and embedding without an audit trail. */
  static AuditSink none() {
    return event -> {};
  }

  /**
   * The events {@code filter} accepts to {@code sink}, the others nowhere: for example only the
   * lifecycle changes ({@link #lifecycleChanges}) to a small topic that caches watch.
   */
  static AuditSink only(java.util.function.Predicate<AuditEvent> filter, AuditSink sink) {
    java.util.Objects.requireNonNull(filter, "filter");
    java.util.Objects.requireNonNull(sink, "sink");
    return new AuditSink() {
      @Override
      public void record(AuditEvent event) {
        if (filter.test(event)) {
          sink.record(event);
        }
      }

      @Override
      public void close() {
        sink.close();
      }
    };
  }

  /**
   * Successful disable, enable, delete, rotate, seal and unseal calls: what whoever caches key
   * material must hear about ({@link io.sealstream.keyservice.client.KeyLifecycleEvent}).
   */
  static boolean lifecycleChanges(AuditEvent event) {
    return io.sealstream.keyservice.client.KeyLifecycleEvent.isLifecycleChange(
        event.operation(), event.outcome());
  }

  /** Every event to each of {@code sinks}, in order; the first failure stops it and is thrown. */
  static AuditSink all(java.util.List<AuditSink> sinks) {
    java.util.List<AuditSink> copy = java.util.List.copyOf(sinks);
    return new AuditSink() {
      @Override
      public void record(AuditEvent event) {
        for (AuditSink s : copy) {
          s.record(event);
        }
      }

      @Override
      public void close() {
        for (AuditSink s : copy) {
          s.close();
        }
      }
    };
  }
}
