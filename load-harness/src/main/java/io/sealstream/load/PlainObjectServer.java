package io.sealstream.load;

import io.sealstream.tls.ServerTls;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The unencrypted-GET baseline: the same bytes as files, served by the same Jetty (configured
 * alike), TLS and thread pool as the S3 endpoint, streamed through the same 64 KiB buffer and
 * {@code Content.Sink.asOutputStream}, with the response headers S3 sends for an unencrypted
 * object (ETag, Last-Modified, Accept-Ranges, Content-Type, a request id), which the client has
 * to parse either way. What it leaves out is what the GET path adds: SigV4 verification, the
 * manifest lookup, key unsealing, DARE decryption and the SSE response headers. Path-style
 * {@code /bucket/key}; anything but a GET of a stored key is 404.
 */
public final class PlainObjectServer implements AutoCloseable {
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
  private static final HexFormat REQUEST_ID_HEX = HexFormat.of().withUpperCase();

  private final Path dir;
  private final Map<String, String> etags = new ConcurrentHashMap<>();
  private final Server server;
  private final ServerConnector connector;

  public PlainObjectServer(Path dir, ServerTls tls) throws Exception {
    this.dir = dir;
    Files.createDirectories(dir);
    QueuedThreadPool threads = new QueuedThreadPool(200, 8);
    threads.setName("bench-plain-http");
    server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    http.setHeaderCacheCaseSensitive(true);
    http.setHeaderCacheSize(0);
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setSslContext(tls.sslContext());
    ssl.setIncludeProtocols(tls.protocols().toArray(new String[0]));
    http.setSecureScheme("https");
    http.addCustomizer(new SecureRequestCustomizer(false));
    connector =
        new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(http));
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(new FileHandler());
    server.start();
  }

  public URI uri() {
    return URI.create("https://127.0.0.1:" + connector.getLocalPort());
  }

  /** Stores {@code bytes} as {@code bucket/key}. */
  public void store(String bucket, String key, byte[] bytes) throws java.io.IOException {
    Files.write(file(bucket + "/" + key), bytes);
    try {
      etags.put(bucket + "/" + key,
          "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes)) + "\"");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 unavailable", e);
    }
  }

  private Path file(String path) {
    return dir.resolve(HexFormat.of().formatHex(path.getBytes(StandardCharsets.UTF_8)));
  }

  private final class FileHandler extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      String path = request.getHttpURI().getDecodedPath();
      String stored = path.length() > 1 ? path.substring(1) : null;
      String etag = stored == null ? null : etags.get(stored);
      Path f = etag == null ? null : file(stored);
      BasicFileAttributes attributes = null;
      if ("GET".equals(request.getMethod()) && f != null) {
        try {
          attributes = Files.readAttributes(f, BasicFileAttributes.class);
        } catch (java.nio.file.NoSuchFileException e) {
          // 404 below
        }
      }
      if (attributes == null || !attributes.isRegularFile()) {
        response.setStatus(404);
        callback.succeeded();
        return true;
      }
      long length = attributes.size();
      response.setStatus(200);
      response.getHeaders().put("x-amz-request-id",
          REQUEST_ID_HEX.toHexDigits(ThreadLocalRandom.current().nextLong()));
      response.getHeaders().put(HttpHeader.ETAG, etag);
      response.getHeaders().put(HttpHeader.LAST_MODIFIED,
          HTTP_DATE.format(attributes.lastModifiedTime().toInstant()));
      response.getHeaders().put(HttpHeader.ACCEPT_RANGES, "bytes");
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "binary/octet-stream");
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, length);
      byte[] buffer = new byte[64 * 1024];
      try (InputStream in = Files.newInputStream(f);
          OutputStream out = Content.Sink.asOutputStream(response)) {
        int n;
        while ((n = in.read(buffer)) > 0) {
          out.write(buffer, 0, n);
        }
      }
      callback.succeeded();
      return true;
    }
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
