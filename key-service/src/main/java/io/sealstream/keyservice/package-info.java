/**
 * The key-service server: versioned master keys in a {@link
 * io.sealstream.keyservice.MasterKeyStore} (the embedded {@link
 * io.sealstream.keyservice.FileMasterKeyStore}, encrypted at rest under a {@link
 * io.sealstream.keyservice.RootKey}, or a PKCS#11 token through {@link
 * io.sealstream.keyservice.Pkcs11MasterKeyStore}), data keys wrapped under them and bound to a
 * key name, key version and context, sealing, per-identity policies ({@link
 * io.sealstream.keyservice.PolicySet}), an audit trail of every call ({@link
 * io.sealstream.keyservice.AuditSink}), and the KES-like HTTP API of {@link
 * io.sealstream.keyservice.KeyServiceServer}.
 *
 * <p>This is the only package of the module that holds raw key material. Root and master keys
 * are opaque, destroyable holders whose bytes are reachable only through package-private
 * accessors; {@code toString} prints no material; data-key plaintext exists only as arrays that
 * are wiped once the response is sent. No log line carries an API key, a request or response
 * body, or key material; error responses come from one catalogue ({@code ApiError}) and never
 * echo request content.
 *
 * <p>Failure classes: misuse throws {@link java.lang.IllegalArgumentException} or {@link
 * java.lang.IllegalStateException}; every intended failure of the core is a {@link
 * io.sealstream.keyservice.KeystoreException} (not found, exists, disabled, sealed, wrong unseal
 * secret, corrupt store, a ciphertext that does not verify); an unreachable key store throws
 * {@link java.io.UncheckedIOException}. Every persisted and wire byte layout is in the module
 * README.
 */
package io.sealstream.keyservice;
