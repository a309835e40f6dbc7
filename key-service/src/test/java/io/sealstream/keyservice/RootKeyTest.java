package io.sealstream.keyservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootKeyTest {
  private static final String HEX =
      "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

  @TempDir Path dir;

  @Test
  void generateTo_writes64HexCharactersAndANewline_readableByOwnerOnly() throws Exception {
    // Given
    Path file = dir.resolve("root.key");
    // When
    RootKey generated = RootKey.generateTo(file);
    // Then
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    assertThat(text).matches("[0-9a-f]{64}\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(RootKey.fromFile(file).material()).isEqualTo(generated.material());
    assertThat(generated.material()).isEqualTo(HexFormat.of().parseHex(text.strip()));
  }

  @Test
  void generateTo_anExistingFile_refusesAndLeavesItAlone() throws Exception {
    // Given
    Path file = dir.resolve("root.key");
    Files.writeString(file, HEX);
    // When / Then
    assertThatThrownBy(() -> RootKey.generateTo(file)).isInstanceOf(FileAlreadyExistsException.class);
    assertThat(Files.readString(file)).isEqualTo(HEX);
  }

  @Test
  void fromFile_acceptsHexWithOrWithoutATrailingNewline() throws Exception {
    for (String text : new String[] {HEX, HEX + "\n", HEX + "\r\n", HEX.toUpperCase()}) {
      // Given
      Path file = Files.writeString(dir.resolve("k" + text.length() + text.charAt(10)), text);
      // When / Then
      assertThat(RootKey.fromFile(file).material()).isEqualTo(HexFormat.of().parseHex(HEX));
    }
  }

  @Test
  void fromFile_malformedContent_isRejectedWithoutQuotingIt() throws Exception {
    // Given
    String secretish = "zz" + HEX.substring(2);
    Path notHex = Files.writeString(dir.resolve("nothex"), secretish);
    Path tooShort = Files.writeString(dir.resolve("short"), HEX.substring(0, 62));
    Path tooLong = Files.writeString(dir.resolve("long"), HEX + HEX);
    // When / Then
    assertThatThrownBy(() -> RootKey.fromFile(notHex))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be hexadecimal, character 0 is not")
        .hasMessageNotContaining(secretish.substring(2, 20));
    assertThatThrownBy(() -> RootKey.fromFile(tooShort))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be 64 hex characters, was 62");
    assertThatThrownBy(() -> RootKey.fromFile(tooLong))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the file has 128 bytes");
  }

  @Test
  void rootKey_toString_showsNoMaterial_andDestroyedKeyRefusesUse() throws Exception {
    // Given
    RootKey key = RootKey.fromFile(Files.writeString(dir.resolve("k"), HEX));
    // When / Then
    assertThat(key.toString()).isEqualTo("RootKey[32 bytes, hidden]").doesNotContain("0001");
    key.destroy();
    assertThat(key.isDestroyed()).isTrue();
    assertThat(key).hasToString("RootKey[destroyed]");
    assertThatThrownBy(key::material).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void fromFile_readableByOthers_logsAWarningWithoutTheKey() throws Exception {
    // Given
    Path file = Files.writeString(dir.resolve("loose.key"), HEX);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    // When
    String log;
    try (LogCapture capture = LogCapture.start()) {
      RootKey.fromFile(file);
      log = capture.text();
    }
    // Then
    assertThat(log).contains("WARN", "loose.key", "rw-r--r--", "0600").doesNotContain(HEX.substring(0, 16));
  }
}
