package io.sealstream.keyservice;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Provider;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One SoftHSM2 token for this test JVM: a fresh token directory under {@code target/}, a token
 * initialised with {@code softhsm2-util}, and one SunPKCS11 provider on it. SoftHSM2 reads
 * {@code SOFTHSM2_CONF} when the library is initialised, so Maven sets that variable for the
 * test JVM (key-service's pom) and this class writes the file it names before anything loads
 * the library. Tests share the token and keep apart by namespace.
 */
final class SoftHsm {
  static final String PIN = "sealstream-user-pin";
  static final String SO_PIN = "sealstream-so-pin";
  static final String TOKEN_LABEL = "sealstream-test";
  private static final List<String> LIBRARIES =
      List.of(
          "/usr/lib/softhsm/libsofthsm2.so",
          "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
          "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
          "/usr/local/lib/softhsm/libsofthsm2.so");
  private static Provider provider;

  private SoftHsm() {}

  static synchronized Provider provider() throws IOException, InterruptedException {
    if (provider == null) {
      provider = initialise();
    }
    return provider;
  }

  static Path library() {
    return LIBRARIES.stream()
        .map(Path::of)
        .filter(Files::isReadable)
        .findFirst()
        .orElseThrow(
            () -> new IllegalStateException(
                "SoftHSM2 is not installed (no libsofthsm2.so in " + LIBRARIES
                    + "): apt-get install softhsm2 (.ci/run does)"));
  }

  private static Provider initialise() throws IOException, InterruptedException {
    String conf = System.getenv("SOFTHSM2_CONF");
    if (conf == null) {
      throw new IllegalStateException(
          "SOFTHSM2_CONF is not set: run the PKCS#11 tests through Maven, which sets it");
    }
    Path library = library();
    Path confFile = Path.of(conf);
    Path home = confFile.getParent();
    Path tokens = home.resolve("tokens");
    if (Files.exists(tokens)) {
      try (Stream<Path> old = Files.walk(tokens)) {
        for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(tokens);
    Files.writeString(
        confFile,
        "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n"
            + "slots.removable = false\n");
    Process init =
        new ProcessBuilder(
                "softhsm2-util", "--init-token", "--free", "--label", TOKEN_LABEL,
                "--pin", PIN, "--so-pin", SO_PIN)
            .redirectErrorStream(true)
            .start();
    String output = new String(init.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!init.waitFor(60, TimeUnit.SECONDS) || init.exitValue() != 0) {
      throw new IllegalStateException("softhsm2-util --init-token failed: " + output);
    }
    // the token just initialised is the first slot with a token; keys are generated inside it,
    // sensitive and not extractable
    Path p11conf = home.resolve("sunpkcs11.cfg");
    Files.writeString(
        p11conf,
        "name = SoftHSM2\nlibrary = " + library + "\nslotListIndex = 0\n"
            + "attributes(*,CKO_SECRET_KEY,*) = {\n  CKA_SENSITIVE = true\n  CKA_EXTRACTABLE = false\n}\n");
    return Pkcs11MasterKeyStore.provider(p11conf);
  }
}
