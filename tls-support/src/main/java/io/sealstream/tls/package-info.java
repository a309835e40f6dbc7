/**
 * TLS material for Sealstream's servers: an operator's PEM certificate chain and private key, the
 * development certificate made on first start, and PEM trust bundles (for key-service's mutual
 * TLS). Everything here ends in a JDK {@link javax.net.ssl.SSLContext} restricted to TLS 1.3 and
 * 1.2; Bouncy Castle only parses and writes PEM and builds certificates, it is never registered
 * as a JCA provider. Private keys never appear in a message, a log line or {@code toString}.
 */
package io.sealstream.tls;
