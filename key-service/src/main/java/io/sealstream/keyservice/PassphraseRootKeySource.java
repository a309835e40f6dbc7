package io.sealstream.keyservice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * The root key from a passphrase through Argon2id (RFC 9106), memory-hard so that guessing a
 * stolen keystore's passphrase costs memory as well as time. The salt and cost parameters live
 * in {@code root.kdf} (JSON) in the keystore directory, written when the keystore is first
 * opened; they are not secret, and changing them only yields a key that {@code root.check}
 * rejects.
 *
 * <p>The unseal secret is the passphrase's UTF-8 bytes, at least 12 of them.
 */
public final class PassphraseRootKeySource implements RootKeySource {
  static final String FILE = "root.kdf";
  static final int MIN_PASSPHRASE_BYTES = 12;
  private static final int SALT_SIZE = 16;

  /**
   * Argon2id costs. {@link #DEFAULT} follows RFC 9106's second recommended option (64 MiB,
   * 3 passes, 4 lanes), which takes a fraction of a second once per open or unseal.
   */
  public record Cost(int memoryKiB, int iterations, int parallelism) {
    public static final Cost DEFAULT = new Cost(64 * 1024, 3, 4);

    public Cost {
      if (memoryKiB < 8 * parallelism || memoryKiB > 4 * 1024 * 1024) {
        throw new IllegalArgumentException("Argon2 memory must be 8*parallelism KiB .. 4 GiB");
      }
      if (iterations < 1 || iterations > 100 || parallelism < 1 || parallelism > 64) {
        throw new IllegalArgumentException("Argon2 iterations 1..100, parallelism 1..64");
      }
    }
  }

  private final byte[] salt;
  private final Cost cost;

  PassphraseRootKeySource(byte[] salt, Cost cost) {
    if (salt.length < SALT_SIZE) {
      throw new IllegalArgumentException("salt must be at least 16 bytes");
    }
    this.salt = salt.clone();
    this.cost = cost;
  }

  /**
   * The source of the keystore in {@code directory}: its {@code root.kdf} if present, else a new
   * one with a random salt and {@code costForNewKeystore}.
   */
  public static PassphraseRootKeySource loadOrCreate(Path directory, Cost costForNewKeystore) {
    Path file = directory.resolve(FILE);
    try {
      JsonNode json = Json.MAPPER.readTree(Files.readAllBytes(file));
      if (json == null
          || !"argon2id".equals(json.path("kdf").asText())
          || json.path("version").asInt() != 19) {
        throw new KeystoreCorruptException(file + " does not describe Argon2id version 19");
      }
      return new PassphraseRootKeySource(
          Base64.getDecoder().decode(json.path("salt").asText()),
          new Cost(
              json.path("memoryKiB").asInt(),
              json.path("iterations").asInt(),
              json.path("parallelism").asInt()));
    } catch (NoSuchFileException e) {
      byte[] salt = new byte[SALT_SIZE];
      SecureRandom random = new SecureRandom();
      random.nextBytes(salt);
      ObjectNode json = Json.MAPPER.createObjectNode();
      json.put("kdf", "argon2id");
      json.put("version", 19);
      json.put("memoryKiB", costForNewKeystore.memoryKiB());
      json.put("iterations", costForNewKeystore.iterations());
      json.put("parallelism", costForNewKeystore.parallelism());
      json.put("salt", Base64.getEncoder().encodeToString(salt));
      FileMasterKeyStore.ensureDirectory(directory);
      FileMasterKeyStore.writeAtomically(
          directory, file, (json.toPrettyString() + "\n").getBytes(StandardCharsets.UTF_8), random);
      return new PassphraseRootKeySource(salt, costForNewKeystore);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    } catch (IllegalArgumentException e) {
      throw new KeystoreCorruptException(file + " is malformed: " + e.getMessage());
    }
  }

  Cost cost() {
    return cost;
  }

  @Override
  public RootKey derive(byte[] passphrase) {
    if (passphrase == null || passphrase.length < MIN_PASSPHRASE_BYTES) {
      throw new UnsealSecretWrongException(
          "passphrase must be at least " + MIN_PASSPHRASE_BYTES + " bytes");
    }
    Argon2BytesGenerator argon2 = new Argon2BytesGenerator();
    argon2.init(
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withSalt(salt)
            .withMemoryAsKB(cost.memoryKiB())
            .withIterations(cost.iterations())
            .withParallelism(cost.parallelism())
            .build());
    byte[] key = new byte[SecretBytes.SIZE];
    try {
      argon2.generateBytes(passphrase, key);
      return RootKey.of(key);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  @Override
  public String describe() {
    return "passphrase";
  }
}
