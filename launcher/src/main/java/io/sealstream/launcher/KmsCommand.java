package io.sealstream.launcher;

import io.sealstream.keyservice.client.KeyServiceAdminClient;
import io.sealstream.keyservice.client.KeyServiceException;
import io.sealstream.schemas.InProcessSchemaRegistry;
import io.sealstream.tls.DevPki;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sealstream kms ...}: key administration, policies, seal and unseal against a running
 * key-service, as its admin identity. Prints the service's JSON answer on stdout (never key
 * material: the API has none to give); a refused call prints {@code kms: <code>: <message>} on
 * stderr and exits 1; bad usage exits 2. Secrets (imported keys, unseal secrets, the client
 * certificate's key, an API key) are read from files, never taken on the command line, so they
 * stay out of {@code ps}.
 */
@Command(
    name = "kms",
    description = "Administer key-service: keys, policies, seal and unseal.",
    subcommands = {
      KmsCommand.Create.class,
      KmsCommand.Import.class,
      KmsCommand.Describe.class,
      KmsCommand.ListKeys.class,
      KmsCommand.Enable.class,
      KmsCommand.Disable.class,
      KmsCommand.Rotate.class,
      KmsCommand.Delete.class,
      KmsCommand.Dependents.class,
      KmsCommand.Seal.class,
      KmsCommand.Unseal.class,
      KmsCommand.Policy.class,
      KmsCommand.Status.class
    })
final class KmsCommand {
  /** Exit status of a call key-service refused or could not answer. */
  static final int EXIT_REFUSED = 1;

  /**
   * Where key-service is and who we are: options every subcommand takes. Without flags, both
   * come from the data directory of a running {@code sealstream up}: {@code kms-endpoint} (the
   * stack writes it while key-service runs) and {@code kms-tls/} (the admin's client certificate
   * and the CA; mutual TLS).
   */
  static final class Connection {
    @Option(
        names = "--data-dir",
        paramLabel = "DIR",
        defaultValue = "data",
        description = "Data directory of the stack (default: ./data): endpoint, admin certificate and broker come from it.")
    Path dataDir;

    @Option(
        names = "--endpoint",
        paramLabel = "URI",
        defaultValue = "${env:SEALSTREAM_KMS_ENDPOINT}",
        description = "key-service base URI, e.g. https://127.0.0.1:7373 (env SEALSTREAM_KMS_ENDPOINT; default: <data-dir>/kms-endpoint).")
    URI endpoint;

    @Option(
        names = "--cert",
        paramLabel = "PATH",
        defaultValue = "${env:SEALSTREAM_KMS_CERT}",
        description = "The admin's client certificate, PEM (env SEALSTREAM_KMS_CERT; default: <data-dir>/kms-tls/admin.pem).")
    Path cert;

    @Option(
        names = "--key",
        paramLabel = "PATH",
        defaultValue = "${env:SEALSTREAM_KMS_KEY}",
        description = "Its private key, PEM (env SEALSTREAM_KMS_KEY; default: <data-dir>/kms-tls/admin-key.pem).")
    Path key;

    @Option(
        names = "--ca",
        paramLabel = "PATH",
        defaultValue = "${env:SEALSTREAM_KMS_CA}",
        description = "The CA key-service's certificate chains to, PEM (env SEALSTREAM_KMS_CA; default: <data-dir>/kms-tls/ca.pem).")
    Path ca;

    @Option(
        names = "--api-key-file",
        paramLabel = "PATH",
        defaultValue = "${env:SEALSTREAM_KMS_API_KEY_FILE}",
        description = "File holding the admin API key, for a key-service without mutual TLS (env SEALSTREAM_KMS_API_KEY_FILE).")
    Path apiKeyFile;

    /**
     * The admin's client: an explicit API key file; else an explicit client certificate; else the
     * admin certificate of {@code <data-dir>/kms-tls/}; else {@code <data-dir>/kms-api-key} (a
     * key-service of earlier versions).
     */
    KeyServiceAdminClient client() throws IOException {
      URI uri = endpoint();
      Path tlsDir = dataDir.resolve(StackKeyService.TLS_DIR);
      Path legacyKey = dataDir.resolve(StackKeyService.ADMIN_API_KEY_FILE);
      if (apiKeyFile == null && (cert != null || key != null || Files.exists(tlsDir.resolve("admin.pem")))) {
        Path caFile = ca != null ? ca : tlsDir.resolve(DevPki.CA_FILE);
        return new KeyServiceAdminClient(
            uri, null,
            Services.kmsHttpClient(Services.kmsClientTls(tlsDir, StackKeyService.ADMIN, cert, key, caFile)));
      }
      Path file = apiKeyFile != null ? apiKeyFile : legacyKey;
      if (!Files.exists(file)) {
        throw new IllegalArgumentException(
            "no admin credentials: neither " + tlsDir.resolve("admin.pem") + " nor --cert/--key nor "
                + file);
      }
      String apiKey = Files.readString(file, StandardCharsets.US_ASCII).strip();
      return new KeyServiceAdminClient(uri, apiKey);
    }

    URI endpoint() throws IOException {
      if (endpoint != null) {
        return endpoint;
      }
      Path file = dataDir.resolve(StackKeyService.ENDPOINT_FILE);
      if (!Files.exists(file)) {
        throw new IllegalArgumentException(
            "no --endpoint given and no " + file + ": is `sealstream up --data-dir " + dataDir
                + "` running?");
      }
      return URI.create(Files.readString(file, StandardCharsets.US_ASCII).strip());
    }

    /** The running stack's broker, or null when this data directory has no running stack. */
    String kafkaBootstrap() throws IOException {
      Path file = dataDir.resolve(Stack.KAFKA_BOOTSTRAP_FILE);
      return Files.exists(file) ? Files.readString(file, StandardCharsets.US_ASCII).strip() : null;
    }
  }

  /** What depends on a key, from the stack's topics; null when no running stack is known. */
  static KeyDependents.Report dependents(Connection connection, String bootstrap, String name, int limit)
      throws IOException {
    String servers = bootstrap != null ? bootstrap : connection.kafkaBootstrap();
    if (servers == null) {
      return null;
    }
    return KeyDependents.scan(
        servers, new StackTopics("sealstream."), InProcessSchemaRegistry.withPipelineSchemas(), name, limit);
  }

  /** One call: runs it, prints its answer, maps failures to exit statuses. */
  abstract static class Call implements Callable<Integer>, Console.Aware {
    @Mixin Connection connection;
    Console console;

    @Override
    public void console(Console console) {
      this.console = console;
    }

    abstract String run(KeyServiceAdminClient kms) throws IOException;

    @Override
    public Integer call() throws IOException {
      String answer;
      try {
        answer = run(connection.client());
      } catch (KeyServiceException e) {
        console.err().println("kms: " + e.code() + ": " + e.getMessage());
        return EXIT_REFUSED;
      } catch (IllegalArgumentException | IOException e) {
        console.err().println("kms: " + e.getMessage());
        return Sealstream.EXIT_USAGE;
      }
      console.out().write((answer.strip() + "\n").getBytes(StandardCharsets.UTF_8));
      console.out().flush();
      return 0;
    }

    /** A secret file's bytes, one trailing newline removed; "-" reads stdin. The caller wipes. */
    byte[] readSecret(Path file) throws IOException {
      byte[] raw;
      if (file.toString().equals("-")) {
        InputStream in = console.in();
        raw = in.readNBytes(64 * 1024);
      } else {
        if (Files.size(file) > 64 * 1024) {
          throw new IllegalArgumentException(file + " is too large for a secret");
        }
        raw = Files.readAllBytes(file);
      }
      int length = raw.length;
      if (length > 0 && raw[length - 1] == '\n') {
        length--;
        if (length > 0 && raw[length - 1] == '\r') {
          length--;
        }
      }
      byte[] secret = Arrays.copyOf(raw, length);
      Arrays.fill(raw, (byte) 0);
      return secret;
    }
  }

  /** A call on one named key. */
  abstract static class KeyCall extends Call {
    @Parameters(index = "0", paramLabel = "NAME", description = "The master key's name.")
    String name;
  }

  @Command(name = "create", description = "Create a master key (version 1, random).")
  static final class Create extends KeyCall {
    @Override
    String run(KeyServiceAdminClient kms) {
      return kms.create(name);
    }
  }

  @Command(name = "import", description = "Create a master key from 32 bytes given as 64 hex digits in a file.")
  static final class Import extends KeyCall {
    @Option(names = "--key-file", required = true, paramLabel = "PATH",
        description = "File holding the key as 64 hex digits; \"-\" reads stdin.")
    Path keyFile;

    @Override
    String run(KeyServiceAdminClient kms) throws IOException {
      byte[] text = readSecret(keyFile);
      byte[] key = null;
      try {
        String hex = new String(text, StandardCharsets.US_ASCII).strip();
        if (hex.length() != 64 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
          // never echo the key file's content
          throw new IllegalArgumentException("the key file must hold exactly 64 hex digits");
        }
        key = HexFormat.of().parseHex(hex);
        return kms.importKey(name, key);
      } finally {
        Arrays.fill(text, (byte) 0);
        if (key != null) {
          Arrays.fill(key, (byte) 0);
        }
      }
    }
  }

  @Command(name = "describe", description = "Show a key's state, versions and creation time.")
  static final class Describe extends KeyCall {
    @Override
    String run(KeyServiceAdminClient kms) {
      return kms.describe(name);
    }
  }

  @Command(name = "list", description = "List the master keys.")
  static final class ListKeys extends Call {
    @Override
    String run(KeyServiceAdminClient kms) {
      return kms.list();
    }
  }

  @Command(name = "enable", description = "Enable a disabled key.")
  static final class Enable extends KeyCall {
    @Override
    String run(KeyServiceAdminClient kms) {
      return kms.enable(name);
    }
  }

  @Command(name = "disable", description = "Disable a key: generate and decrypt are refused until enabled.")
  static final class Disable extends KeyCall {
    @Override
    String run(KeyServiceAdminClient kms) {
      return kms.disable(name);
    }
  }

  @Command(name = "rotate", description = "Add a new key version; old versions still decrypt.")
  static final class Rotate extends KeyCall {
    @Override
    String run(KeyServiceAdminClient kms) {
      return kms.rotate(name);
    }
  }

  @Command(name = "delete",
      description = "Delete a key and every version: every object under it becomes unreadable for good.")
  static final class Delete extends KeyCall {
    @Option(names = "--yes-destroy-data",
        description = "Confirm that every object encrypted under the key is lost.")
    boolean confirmed;

    @Option(names = "--bootstrap", paramLabel = "SERVERS",
        description = "Kafka bootstrap servers to count dependents on (default: <data-dir>/kafka-bootstrap).")
    String bootstrap;

    @Override
    String run(KeyServiceAdminClient kms) throws IOException {
      // say what is at stake before anything happens
      KeyDependents.Report report = dependents(connection, bootstrap, name, 0);
      String stake = report == null
          ? "objects depending on '" + name + "' could not be counted (no running stack known here)"
          : report.summary();
      console.err().println("kms: " + stake);
      if (!confirmed) {
        throw new IllegalArgumentException(
            "deleting '" + name + "' makes every object under it unreadable for good;"
                + " disable it instead, or add --yes-destroy-data");
      }
      return kms.delete(name);
    }
  }

  @Command(name = "dependents",
      description = "Count (and list the first) stored objects and uploads in progress encrypted under a key.")
  static final class Dependents implements Callable<Integer>, Console.Aware {
    @Mixin Connection connection;
    Console console;

    @Parameters(index = "0", paramLabel = "NAME", description = "The master key's name.")
    String name;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
        description = "How many objects to list (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--bootstrap", paramLabel = "SERVERS",
        description = "Kafka bootstrap servers (default: <data-dir>/kafka-bootstrap).")
    String bootstrap;

    @Override
    public void console(Console console) {
      this.console = console;
    }

    @Override
    public Integer call() throws IOException {
      KeyDependents.Report report;
      try {
        report = dependents(connection, bootstrap, name, limit);
      } catch (IllegalArgumentException | IllegalStateException | org.apache.kafka.common.KafkaException e) {
        console.err().println("kms: " + e.getMessage());
        return EXIT_REFUSED;
      }
      if (report == null) {
        console.err().println("kms: no --bootstrap and no " + connection.dataDir.resolve(Stack.KAFKA_BOOTSTRAP_FILE)
            + ": is `sealstream up --data-dir " + connection.dataDir + "` running?");
        return Sealstream.EXIT_USAGE;
      }
      console.out().write((report.toJson() + "\n").getBytes(StandardCharsets.UTF_8));
      console.out().flush();
      return 0;
    }
  }

  @Command(name = "seal", description = "Seal key-service: it drops all key material until unsealed.")
  static final class Seal extends Call {
    @Override
    String run(KeyServiceAdminClient kms) {
      return kms.seal();
    }
  }

  @Command(name = "unseal",
      description = "Unseal with the operator's secret: the root key file, the passphrase, or the PKCS#11 PIN.")
  static final class Unseal extends Call {
    @Option(names = "--secret-file", required = true, paramLabel = "PATH",
        description = "File holding the secret (one trailing newline ignored); \"-\" reads stdin.")
    Path secretFile;

    @Override
    String run(KeyServiceAdminClient kms) throws IOException {
      byte[] secret = readSecret(secretFile);
      try {
        return kms.unseal(secret);
      } finally {
        Arrays.fill(secret, (byte) 0);
      }
    }
  }

  @Command(name = "status", description = "Show whether key-service is sealed.")
  static final class Status extends Call {
    @Override
    String run(KeyServiceAdminClient kms) {
      return kms.status();
    }
  }

  @Command(name = "policy", description = "Show or replace the identities' policies.",
      subcommands = {Policy.Show.class, Policy.Set.class})
  static final class Policy {
    @Command(name = "show", description = "Print the policies in force (JSON).")
    static final class Show extends Call {
      @Override
      String run(KeyServiceAdminClient kms) {
        return kms.policyShow();
      }
    }

    @Command(name = "set", description = "Replace the policies with a JSON file's.")
    static final class Set extends Call {
      @Option(names = "--file", required = true, paramLabel = "PATH", description = "The policies (JSON).")
      Path file;

      @Override
      String run(KeyServiceAdminClient kms) throws IOException {
        return kms.policySet(Files.readAllBytes(file));
      }
    }
  }
}
