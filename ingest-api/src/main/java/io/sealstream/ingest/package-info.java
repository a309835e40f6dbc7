/**
 * ingest-api: the S3 front door. Jetty 12 core handlers (no servlets) on 127.0.0.1; routes as
 * data ({@code Route}), errors as a catalogue ({@link io.sealstream.ingest.S3Error}), one class
 * per operation family ({@code BucketHandlers}, {@code ObjectHandlers}).
 *
 * <p>What it may touch: plaintext request bodies only in flight, into {@code ChunkRecord}s on the
 * chunks topic (docs/pipeline.md); SSE-C customer keys only long enough to wrap them for transit
 * or to open an object key, then cleared; external and object keys only inside a GET, destroyed
 * after. No key, sealed key or plaintext is ever logged.
 */
package io.sealstream.ingest;
