package io.sealstream.keyservice;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.io.TempDir;

/** The keystore contract on the file keystore with a root key from a key file. */
class FileMasterKeyStoreContractTest extends MasterKeyStoreContract {
  private static final byte[] ROOT = FileMasterKeyStoreTest.sequence(0x00);
  @TempDir Path dir;

  @Override
  MasterKeyStore openStore() {
    return FileMasterKeyStore.open(dir, RootKey.of(ROOT));
  }

  @Override
  MasterKeyStore reopen(MasterKeyStore old) {
    old.close();
    return openStore();
  }

  @Override
  byte[] unsealSecret() {
    return (HexFormat.of().formatHex(ROOT) + "\n").getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  byte[] wrongUnsealSecret() {
    return HexFormat.of().formatHex(FileMasterKeyStoreTest.sequence(0x01))
        .getBytes(StandardCharsets.US_ASCII);
  }
}
