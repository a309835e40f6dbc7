package io.sealstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

class XmlTest {
  @TempDir Path dir;
  private HttpServer server;
  private final AtomicInteger fetches = new AtomicInteger();

  @BeforeEach
  void startServer() throws Exception {
    // Stands for "anything outside the body": a parser that resolves entities would fetch it.
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      fetches.incrementAndGet();
      byte[] b = "<!ENTITY leak 'LEAKED'>".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, b.length);
      exchange.getResponseBody().write(b);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/x";
  }

  private static void assertMalformed(String xml) {
    assertThatThrownBy(() -> Xml.parse(xml.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(S3Exception.class, e -> {
          assertThat(e.error()).isEqualTo(S3Error.MALFORMED_XML);
          assertThat(e.getMessage()).doesNotContain("SECRET-FILE-CONTENT", "LEAKED");
        });
  }

  @Test
  void externalEntities_fileAndHttp_areRefused_andNothingIsFetched() throws Exception {
    Path secret = Files.writeString(dir.resolve("secret.txt"), "SECRET-FILE-CONTENT");
    assertMalformed("<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"" + secret.toUri()
        + "\">]><Delete><Object><Key>&x;</Key></Object></Delete>");
    assertMalformed("<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"" + url()
        + "\">]><Delete><Object><Key>&x;</Key></Object></Delete>");
    assertMalformed("<!DOCTYPE d [<!ENTITY % p SYSTEM \"" + url() + "\"> %p;]><Delete>&leak;</Delete>");
    assertMalformed("<!DOCTYPE Delete SYSTEM \"" + url() + "\"><Delete/>");
    assertMalformed("<?xml version=\"1.0\"?><Delete xmlns:xi=\"http://www.w3.org/2001/XInclude\">"
        + "<xi:include href=\"" + url() + "\" parse=\"text\"/><Key>&undefined;</Key></Delete>");
    assertThat(fetches.get()).as("requests to the entity URL").isZero();
  }

  @Test
  void internalEntities_billionLaughs_isRefused() {
    StringBuilder dtd = new StringBuilder("<!DOCTYPE l [<!ENTITY l0 \"ha\">");
    for (int i = 1; i < 10; i++) {
      dtd.append("<!ENTITY l").append(i).append(" \"");
      dtd.append(("&l" + (i - 1) + ";").repeat(10)).append("\">");
    }
    dtd.append("]><Delete><Object><Key>&l9;</Key></Object></Delete>");
    assertMalformed(dtd.toString());
  }

  @Test
  void notWellFormed_isMalformedXml() {
    assertMalformed("<Delete><Object></Delete>");
    assertMalformed("");
    assertMalformed("not xml");
  }

  @Test
  void parsesNamespacedDocuments_byLocalName() throws Exception {
    Element root = Xml.parse(("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Delete xmlns=\"" + Xml.S3_NAMESPACE
        + "\"><Quiet>true</Quiet><Object><Key>a&amp;b</Key></Object><Object><Key>c</Key></Object></Delete>")
        .getBytes(StandardCharsets.UTF_8));
    assertThat(Xml.name(root)).isEqualTo("Delete");
    assertThat(Xml.children(root, "Object")).hasSize(2);
    assertThat(Xml.childText(Xml.children(root, "Object").get(0), "Key")).isEqualTo("a&b");
    assertThat(Xml.parseBoolean(Xml.childText(root, "Quiet"))).isTrue();
  }
}
