package io.sealstream.keyservice;

import io.sealstream.keyservice.client.HttpKeyServiceClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/** A real key-service on loopback (port 0) over a file keystore in a temporary directory. */
final class RunningKeyService implements AutoCloseable {
  static final String API_KEY = "test-api-key-7f3a9c1e5b2d4a68";
  static final String OTHER_API_KEY = "second-api-key-0c4e8a2f6b1d9e37";

  final Path directory;
  final RootKey rootKey;
  final FileMasterKeyStore store;
  final KeyServiceServer server;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private RunningKeyService(Path directory, UnaryOperator<KeyServiceServer.Builder> configure)
      throws IOException {
    this.directory = directory;
    this.rootKey = RootKey.generateTo(directory.resolve("root.key"));
    this.store = FileMasterKeyStore.open(directory.resolve("keys"), rootKey);
    this.server =
        configure
            .apply(KeyServiceServer.builder(store).apiKeys(List.of(API_KEY, OTHER_API_KEY)))
            .build()
            .start(0);
  }

  static RunningKeyService start(Path directory) throws IOException {
    return new RunningKeyService(directory, b -> b);
  }

  /** A service whose server builder {@code configure} adjusts (audit, policies). */
  static RunningKeyService start(Path directory, UnaryOperator<KeyServiceServer.Builder> configure)
      throws IOException {
    return new RunningKeyService(directory, configure);
  }

  URI uri() {
    return server.uri();
  }

  HttpKeyServiceClient client() {
    return new HttpKeyServiceClient(uri(), API_KEY);
  }

  /** A raw call, as any HTTP client would make it; {@code apiKey} null sends no Authorization. */
  HttpResponse<String> raw(String method, String path, String body, String apiKey) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(uri() + path))
            .timeout(Duration.ofSeconds(10))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (apiKey != null) {
      request.header("Authorization", "Bearer " + apiKey);
    }
    return send(request.build());
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.close();
    store.close();
    rootKey.destroy();
  }
}
