/**
 * The secure channel: DARE 2.0 packages (byte-compatible with minio/sio) and the object-key
 * hierarchy (external key, sealing key, object key, part keys) that feeds them.
 *
 * <p>This is the <em>only</em> package that holds raw key material. Key holders ({@link
 * io.sealstream.channel.DareKey}, {@link io.sealstream.channel.ExternalKey}, {@link
 * io.sealstream.channel.ObjectKey}) expose operations, never their bytes; they are {@link
 * javax.security.auth.Destroyable} and their {@code toString} prints no material. Nothing here
 * logs. The byte layout of everything written is specified in {@code docs/format.md}.
 *
 * <p>Failure classes: misuse throws {@link IllegalArgumentException} or {@link
 * IllegalStateException}; hostile or corrupt input throws {@link
 * io.sealstream.channel.NotAuthenticException}; there is no infrastructure failure inside this
 * package except a JDK without the required ciphers, which is reported as {@link
 * IllegalStateException} at first use.
 */
package io.sealstream.channel;
