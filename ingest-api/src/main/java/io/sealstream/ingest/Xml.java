package io.sealstream.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * XML for the small bodies this server reads and writes: text escaping for rendering, and a
 * parser for request bodies hardened against XXE and entity expansion.
 */
final class Xml {
  /** The S3 namespace, on the root element of every answer. */
  static final String S3_NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";
  static final String DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

  private static final DocumentBuilderFactory FACTORY = hardenedFactory();
  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  /** The one owner of every bucket and object: this server has one account. */
  static final String OWNER =
      "<Owner><ID>sealstream</ID><DisplayName>sealstream</DisplayName></Owner>";

  private Xml() {}

  static String escape(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&apos;");
        default -> {
          if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            b.append("&#").append((int) c).append(';');
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }

  /** A time as S3 writes it in XML: ISO-8601 UTC with milliseconds, e.g. 2026-01-02T03:04:05.006Z. */
  static String isoTime(long epochMillis) {
    return ISO_MILLIS.format(Instant.ofEpochMilli(epochMillis));
  }

  /**
   * {@code encoding-type=url}: the UTF-8 bytes of {@code s} percent-encoded, except unreserved
   * characters (RFC 3986) and '/', which stays readable as S3 leaves it. Space is %20 and '+' is
   * %2B, so decoders that read '+' as a space (form decoding) get the key back unchanged.
   */
  static String urlEncode(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      boolean keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == '~' || c == '/';
      if (keep) {
        b.append((char) c);
      } else {
        b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return b.toString();
  }

  /**
   * A request body as a DOM. No document type declaration is accepted at all (so no entity of
   * any kind, internal or external, and no external DTD: nothing is fetched or read from disk),
   * and the JDK's secure-processing limits apply.
   *
   * @throws S3Exception MalformedXML for anything that is not a well-formed document, including
   *     one with a DOCTYPE
   */
  static Element parse(byte[] body) throws S3Exception {
    try {
      DocumentBuilder builder;
      synchronized (FACTORY) {
        builder = FACTORY.newDocumentBuilder();
      }
      builder.setErrorHandler(THROWING);
      // No resolver may ever be consulted; if one were, that is a bug, refused loudly.
      builder.setEntityResolver((publicId, systemId) -> {
        throw new SAXException("external entities are not allowed");
      });
      Document doc = builder.parse(new InputSource(new ByteArrayInputStream(body)));
      return doc.getDocumentElement();
    } catch (SAXException | IOException e) {
      // The parser's message may quote the body; the client gets the generic one.
      throw S3Error.MALFORMED_XML.exception();
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK XML parser lacks a required feature", e);
    }
  }

  /** Child elements of {@code parent} with this local name (any namespace), in order. */
  static List<Element> children(Element parent, String localName) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && localName.equals(name(e))) {
        out.add(e);
      }
    }
    return out;
  }

  /** Every child element, in order. */
  static List<Element> children(Element parent) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) {
        out.add(e);
      }
    }
    return out;
  }

  /** The single child of that name, null when absent; MalformedXML when repeated. */
  static Element child(Element parent, String localName) throws S3Exception {
    List<Element> found = children(parent, localName);
    if (found.size() > 1) {
      throw S3Error.MALFORMED_XML.exception();
    }
    return found.isEmpty() ? null : found.get(0);
  }

  /** The text of the single child of that name, null when absent. */
  static String childText(Element parent, String localName) throws S3Exception {
    Element e = child(parent, localName);
    return e == null ? null : e.getTextContent();
  }

  /** The local name, also for parsers that were not namespace-aware. */
  static String name(Element e) {
    return e.getLocalName() != null ? e.getLocalName() : e.getTagName();
  }

  /** "true" / "false" (XML Schema boolean, surrounding space allowed), else MalformedXML. */
  static boolean parseBoolean(String text) throws S3Exception {
    return switch (text.strip()) {
      case "true", "1" -> true;
      case "false", "0" -> false;
      default -> throw S3Error.MALFORMED_XML.exception();
    };
  }

  private static DocumentBuilderFactory hardenedFactory() {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    try {
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature("http://xml.org/sax/features/external-general-entities", false);
      f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK XML parser lacks a required feature", e);
    }
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    f.setXIncludeAware(false);
    f.setExpandEntityReferences(false);
    f.setNamespaceAware(true);
    f.setValidating(false);
    return f;
  }

  private static final ErrorHandler THROWING = new ErrorHandler() {
    @Override
    public void warning(SAXParseException e) {
      // warnings do not make a body malformed
    }

    @Override
    public void error(SAXParseException e) throws SAXException {
      throw e;
    }

    @Override
    public void fatalError(SAXParseException e) throws SAXException {
      throw e;
    }
  };
}
