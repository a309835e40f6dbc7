/**
 * The load harness behind {@code sealstream bench}: concurrent PUTs and GETs through the AWS SDK
 * against a running stack, the same-run baselines (raw Kafka producer, unencrypted GET) and the
 * markdown report. Nothing here runs during the build's tests except the unit tests of its logic.
 */
package io.sealstream.load;
