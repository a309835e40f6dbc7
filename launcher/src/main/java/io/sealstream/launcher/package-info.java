/**
 * The {@code sealstream} command. Subcommands are small classes; this package parses arguments,
 * wires modules together and turns their failures into one line on stderr and an exit code. It
 * never prints key material or plaintext to stderr.
 */
package io.sealstream.launcher;
