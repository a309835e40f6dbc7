/**
 * JMH benchmarks of the DARE 2.0 secure channel ({@code io.sealstream.channel}) against raw
 * {@code javax.crypto} AEAD calls that do the same per-package work.
 *
 * <p>Every benchmark is single-threaded and measures throughput: one operation seals or opens one
 * whole stream of {@code size} plaintext bytes (1 MiB = 16 packages, 64 MiB = 1024 packages of
 * 64 KiB). The primary score is streams per second; the secondary result {@code MBps} (an
 * auxiliary counter, see {@link io.sealstream.benchmarks.Bytes}) is the same figure as 10^6
 * plaintext bytes per second. The DARE figure of interest is the ratio DARE / raw in the same run
 * ({@code docs/benchmarks.md}).
 *
 * <ul>
 *   <li>{@link io.sealstream.benchmarks.RawJdkAesGcm} and {@link
 *       io.sealstream.benchmarks.RawJdkChaCha20Poly1305}: the baseline, a reused {@code Cipher},
 *       a fresh nonce per package, {@code init} + {@code updateAAD} of 4 header bytes + {@code
 *       doFinal} into a preallocated array;
 *   <li>{@link io.sealstream.benchmarks.DareStream}: {@code DareOutputStream} into a preallocated
 *       sink and {@code DareInputStream} into a reused read buffer;
 *   <li>{@link io.sealstream.benchmarks.DarePackages}: {@code DareSealer.seal} and {@code
 *       DareOpener.open} called directly per package, without the stream adapters.
 * </ul>
 *
 * <p>Run with {@code java -jar benchmarks/target/benchmarks.jar}; nothing runs during the Maven
 * build.
 */
package io.sealstream.benchmarks;
