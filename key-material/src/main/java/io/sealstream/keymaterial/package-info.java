/**
 * External keys for the pipeline, from key-service, with the caching that makes key-service
 * calls rare: one bucket key per (bucket, master key, client context, epoch) for writes (the S3
 * Bucket Keys economy), cached unwraps for reads, and transit wrapping of SSE-C keys so they never
 * cross Kafka in clear. Keys handed out are copies the caller destroys; nothing here logs key
 * material.
 */
package io.sealstream.keymaterial;
